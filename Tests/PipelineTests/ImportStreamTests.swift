// SPDX-License-Identifier: Apache-2.0
import Foundation
import GRDB
import MarketData
import TestSupport
import Testing

@testable import Pipeline
@testable import Storage

private let minute = Timeframe("1m")!

private let aggRows = """
    agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker
    1,100.0,1.0,1,1,60000,true
    2,101.0,2.0,2,2,61000,false
    3,99.0,1.5,3,3,200500,false

    """

/// Everything stored, in order: equal strings mean equal tables.
private func contents(_ database: TradeDatabase) throws -> String {
    try database.read { db in
        let trades = try Row.fetchAll(db, sql: "SELECT * FROM trades ORDER BY symbol, trade_id").map(\.description)
        let bars = try Row.fetchAll(db, sql: "SELECT * FROM bars ORDER BY symbol, timeframe, start_ms").map(\.description)
        return (trades + bars).joined(separator: "\n")
    }
}

/// Sends `text` in chunks of `size` bytes, then ends the stream (with `error`, if given), as an HTTP body arrives.
private func feed(_ stream: TradeByteStream, _ text: String, chunk size: Int, error: (any Error)? = nil) -> Task<Void, Never> {
    Task {
        let bytes = Array(text.utf8)
        for start in stride(from: 0, to: bytes.count, by: size) {
            guard await stream.send(Array(bytes[start..<min(start + size, bytes.count)])) else { return }
        }
        stream.finish(throwing: error)
    }
}

private func importing(
    _ text: String, chunk: Int = 7, format: TradeFileFormat? = nil, symbol: String? = "BTCUSDT", error: (any Error)? = nil
) async throws -> (Result<ImportSummary, any Error>, TradeDatabase, TemporaryDirectory) {
    let folder = try TemporaryDirectory("pairwatch-stream")
    let database = try TradeDatabase(path: folder.file("p.db"))
    // Other tests may keep the cooperative pool, where the sender runs, busy for seconds.
    let stream = TradeByteStream(capacity: 2, stallTimeout: .seconds(300))
    let sender = feed(stream, text, chunk: chunk, error: error)
    let importer = TradeImporter(database: database, timeframes: [minute])
    // Off the cooperative pool, as the upload route runs it: the import blocks while the sender's task feeds it.
    let result: Result<ImportSummary, any Error>
    do {
        result = .success(
            try await offThePool { try importer.importStream(stream, name: "upload", format: format, symbol: symbol) })
    } catch {
        result = .failure(error)
    }
    await sender.value
    return (result, database, folder)
}

@Test func importStream_whenFedInTinyChunks_storesWhatTheFileImportStores() async throws {
    let (result, database, folder) = try await importing(aggRows)
    defer { folder.remove() }
    let summary = try result.get()
    #expect(summary.rowsRead == 3 && summary.inserted == 3 && summary.barsWritten == 3)
    #expect(summary.format == .aggtrades && summary.symbols == ["BTCUSDT"])
    let file = folder.file("BTCUSDT-aggTrades-1970-01-01.csv")
    try aggRows.write(toFile: file, atomically: true, encoding: .utf8)
    let reference = try TradeDatabase(path: folder.file("reference.db"))
    _ = try TradeImporter(database: reference, timeframes: [minute]).importFile(file, format: nil, symbol: nil)
    #expect(try contents(database) == contents(reference))
}

@Test func importStream_whenARowIsBad_throwsItsLineAndColumnAndStoresNothing() async throws {
    let (result, database, folder) = try await importing(aggRows.replacingOccurrences(of: "101.0", with: "x"))
    defer { folder.remove() }
    #expect(throws: TradeCSVError(file: "upload", line: 3, column: 3, message: "expected a price above 0, found \"x\"")) { try result.get() }
    #expect(try database.tradeCount() == 0)
}

@Test func importStream_whenTheSenderFails_storesNothing() async throws {
    let (result, database, folder) = try await importing(aggRows, error: TradeByteStream.Failure("client gone"))
    defer { folder.remove() }
    #expect(throws: TradeByteStream.Failure.self) { try result.get() }
    #expect(try database.tradeCount() == 0)
}

@Test func importStream_whenAggTradesComeWithoutSymbol_asksForTheParameter() async throws {
    let (result, _, folder) = try await importing(aggRows, symbol: nil)
    defer { folder.remove() }
    #expect { try result.get() } throws: { error in
        (error as? ImportError)?.option == "symbol" && "\(error)" == "upload: aggtrades rows name no symbol; give one with ?symbol="
    }
}

@Test func importStream_whenTheFormatCannotBeTold_namesTheQueryParameter() async throws {
    let (result, _, folder) = try await importing("\u{1}\u{2}garbage\n")
    defer { folder.remove() }
    #expect { try result.get() } throws: { error in
        (error as? ImportError)?.option == "format" && "\(error)".hasSuffix("(use ?format=)")
    }
}

@Test func importStream_whenNothingArrives_failsAsStalledAndLetsTheSenderGo() async throws {
    let folder = try TemporaryDirectory("pairwatch-stall")
    defer { folder.remove() }
    let database = try TradeDatabase(path: folder.file("p.db"))
    let stream = TradeByteStream(capacity: 1, stallTimeout: .milliseconds(100))
    #expect(await stream.send(Array("timestamp,symbol,price,size\n".utf8)))
    let importer = TradeImporter(database: database, timeframes: [minute])
    await #expect {
        try await offThePool { try importer.importStream(stream, name: "upload", format: nil, symbol: nil) }
    } throws: { error in
        (error as? TradeByteStream.Failure)?.description == TradeByteStream.Failure.stalled.description
    }
    #expect(await stream.send([1]) == false)
    #expect(try database.tradeCount() == 0)
}
