// SPDX-License-Identifier: Apache-2.0
import Feeds

/// `pairwatch_feed_*`: connection state, reconnects by reason, messages, decode errors, lag, backfill and gaps,
/// read from the running feed's ``FeedStatistics``.
public struct FeedMetrics: MetricsCollector {
    let statistics: FeedStatistics

    public init(_ statistics: FeedStatistics) {
        self.statistics = statistics
    }

    public func snapshot() -> FeedStatistics.Snapshot { statistics.snapshot }

    public func write(_ current: FeedStatistics.Snapshot, to encoder: inout MetricsEncoder) async {
        let connections = current.connections.sorted { $0.key < $1.key }.map { (MetricLabels(["connection": $0.key]), $0.value) }
        await encoder.family("pairwatch_feed_up", help: "Whether the feed connection is open and subscribed (1) or not (0).", type: .gauge)
        for (labels, connection) in connections { await encoder.sample(connection.up ? 1 : 0, labels: labels) }
        await encoder.family("pairwatch_feed_connects_total", help: "Feed connections opened successfully.", type: .counter)
        await encoder.sample(Double(current.connects))
        await encoder.family("pairwatch_feed_reconnects_total", help: "Feed connections replaced, by reason.", type: .counter)
        for reason in ReconnectReason.allCases {
            await encoder.sample(Double(current.reconnects[reason] ?? 0), labels: MetricLabels(["reason": reason.rawValue]))
        }
        await encoder.family("pairwatch_feed_messages_total", help: "Messages received from the feed (trades, control replies, errors).", type: .counter)
        await encoder.sample(Double(current.messages))
        await encoder.family(
            "pairwatch_feed_decode_errors_total", help: "Feed messages that could not be decoded and were skipped.", type: .counter)
        await encoder.sample(Double(current.decodeErrors))
        await encoder.family(
            "pairwatch_feed_lag_seconds", help: "Receive time minus event time of live trade messages.", type: .histogram)
        await encoder.histogram(
            buckets: zip(FeedStatistics.lagBuckets, current.lagCounts).map { (le: $0, count: $1) }, sum: current.lagSum,
            count: current.lagCount)
        await encoder.family(
            "pairwatch_feed_backfilled_trades_total", help: "Trades fetched over REST to fill a gap in the stream, per symbol.", type: .counter)
        for (symbol, count) in current.backfilled.sorted(by: { $0.key < $1.key }) {
            await encoder.sample(Double(count), labels: MetricLabels(["symbol": symbol]))
        }
        await encoder.family(
            "pairwatch_feed_gaps_total", help: "Ranges of trades that could not be backfilled (older than the REST history), per symbol.",
            type: .counter)
        for (symbol, count) in current.gaps.sorted(by: { $0.key < $1.key }) {
            await encoder.sample(Double(count), labels: MetricLabels(["symbol": symbol]))
        }
        await encoder.family(
            "pairwatch_feed_last_message_timestamp_seconds", help: "Receive time of the latest message per connection, seconds since the epoch.",
            type: .gauge)
        for (labels, connection) in connections {
            if let last = connection.lastMessageMs { await encoder.sample(Double(last) / 1_000, labels: labels) }
        }
    }
}
