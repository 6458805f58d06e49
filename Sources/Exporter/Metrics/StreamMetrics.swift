// SPDX-License-Identifier: Apache-2.0

/// `pairwatch_api_stream_clients` and `pairwatch_api_stream_dropped_clients_total`, read from the live stream's
/// ``StreamHub``.
public struct StreamMetrics: MetricsCollector {
    let hub: StreamHub

    public init(_ hub: StreamHub) {
        self.hub = hub
    }

    public func snapshot() -> (clients: Int, dropped: UInt64) { hub.statistics }

    public func write(_ current: (clients: Int, dropped: UInt64), to encoder: inout MetricsEncoder) async {
        await encoder.family("pairwatch_api_stream_clients", help: "Clients connected to the live stream (/api/v1/stream).", type: .gauge)
        await encoder.sample(Double(current.clients))
        await encoder.family(
            "pairwatch_api_stream_dropped_clients_total",
            help: "Live stream clients disconnected for falling behind the event buffer or not reading.", type: .counter)
        await encoder.sample(Double(current.dropped))
    }
}
