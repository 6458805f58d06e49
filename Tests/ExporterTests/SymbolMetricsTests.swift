// SPDX-License-Identifier: Apache-2.0
import MarketData
import Pipeline
import Testing

@testable import Exporter

@Test func symbolMetrics_whenTradesArriveOutOfOrder_keepsTheLatestByEventTime() async {
    let statistics = SymbolStatistics()
    let metrics = SymbolMetrics(statistics)
    statistics.record([
        Trade(symbol: "ETHUSDT", tradeID: 1, timeMs: 2_000, price: 3_000, quantity: 1, buyerIsMaker: false),
        Trade(symbol: "BTCUSDT", tradeID: 7, timeMs: 5_500, price: 60_001.5, quantity: 1, buyerIsMaker: true),
        Trade(symbol: "BTCUSDT", tradeID: 6, timeMs: 5_000, price: 59_000, quantity: 1, buyerIsMaker: true),
    ])
    let registry = MetricsRegistry()
    registry.register(metrics)
    #expect(
        await registry.render() == """
            # HELP pairwatch_symbol_trades_total Trades ingested per symbol from every source.
            # TYPE pairwatch_symbol_trades_total counter
            pairwatch_symbol_trades_total{symbol="BTCUSDT"} 2
            pairwatch_symbol_trades_total{symbol="ETHUSDT"} 1
            # HELP pairwatch_symbol_last_price Price of the latest trade per symbol (by event time).
            # TYPE pairwatch_symbol_last_price gauge
            pairwatch_symbol_last_price{symbol="BTCUSDT"} 60001.5
            pairwatch_symbol_last_price{symbol="ETHUSDT"} 3000
            # HELP pairwatch_symbol_last_trade_timestamp_seconds Event time of the latest trade per symbol, seconds since the epoch.
            # TYPE pairwatch_symbol_last_trade_timestamp_seconds gauge
            pairwatch_symbol_last_trade_timestamp_seconds{symbol="BTCUSDT"} 5.5
            pairwatch_symbol_last_trade_timestamp_seconds{symbol="ETHUSDT"} 2

            """)
}

@Test func symbolMetrics_whenNoTrades_exportsNoSamples() {
    #expect(SymbolMetrics(SymbolStatistics()).snapshot().isEmpty)
}
