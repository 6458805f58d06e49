// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import TestSupport
import Testing

@testable import Pipeline
@testable import Storage

/// Every format, with and without its header line, detected automatically: the same two trades land the same way.
@Test(arguments: [
    ("BTCUSDT-aggTrades-2024-01-01.csv", "agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker\n7,100.5,2,1,3,60000,true\n8,101,1,4,4,61500,False\n"),
    ("BTCUSDT-aggTrades-2024-01-01.csv", "7,100.5,2,1,3,60000,True\n8,101,1,4,4,61500,false\n"),
    ("BTCUSDT-trades-2024-01-01.csv", "id,price,qty,quote_qty,time,is_buyer_maker\n7,100.5,2,201,60000,true\n8,101,1,101,61500,false\n"),
    ("BTCUSDT-trades-2024-01-01.csv", "7,100.5,2,201,60000,True\n8,101,1,101,61500,False\n"),
    ("ticks.csv", "timestamp,symbol,price,size,is_buyer_maker\n1970-01-01T00:01:00Z,BTCUSDT,100.5,2,true\n61500,BTCUSDT,101,1,false\n"),
    ("ticks.csv", "60000,BTCUSDT,100.5,2\n1970-01-01T00:01:01.500Z,BTCUSDT,101,1\n"),
])
func importFile_whenFormatHasOrLacksItsHeader_storesTheTradesAndTheirBar(name: String, text: String) throws {
    let folder = try TemporaryDirectory("pairwatch-formats")
    defer { folder.remove() }
    let directory = folder.url
    let path = directory.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let database = try TradeDatabase(path: directory.appendingPathComponent("p.db").path)
    let minute = try #require(Timeframe("1m"))
    let summary = try TradeImporter(database: database, timeframes: [minute]).importFile(path, format: nil, symbol: nil)
    #expect(summary.rowsRead == 2 && summary.inserted == 2 && summary.duplicates == 0 && summary.barsWritten == 1)
    let times = try database.read { db in try Int64.fetchAll(db, sql: "SELECT time_ms FROM trades WHERE symbol = 'BTCUSDT' ORDER BY time_ms") }
    #expect(times == [60_000, 61_500])
    #expect(
        try database.lastBars(symbol: "BTCUSDT", timeframe: minute, count: 2) == [
            Bar(symbol: "BTCUSDT", timeframe: minute, startMs: 60_000, open: 100.5, high: 101, low: 100.5, close: 101, volume: 3, trades: 2)
        ])
}
