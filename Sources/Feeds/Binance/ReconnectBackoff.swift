// SPDX-License-Identifier: Apache-2.0
import MarketData

/// The delays between reconnect (or retry) attempts: exponential backoff with full jitter.
///
/// Attempt n (from 0) waits a uniform random time in [0, min(maximum, initial · 2ⁿ)] ("full jitter", Brooker,
/// "Exponential Backoff And Jitter", AWS Architecture Blog 2015), so many clients cut off together do not come back
/// together. A connection that stayed up `healthyAfter` or longer starts the schedule again. The random source is a
/// seeded `SplitMix64`, so a test names its schedule by its seed.
struct ReconnectBackoff: Sendable {
    let initial: Duration
    let maximum: Duration
    let healthyAfter: Duration
    private var random: SplitMix64
    /// Failed attempts since the schedule last started.
    private(set) var attempt = 0

    init(initial: Duration, maximum: Duration, healthyAfter: Duration, seed: UInt64) {
        self.initial = initial
        self.maximum = maximum
        self.healthyAfter = healthyAfter
        random = SplitMix64(seed: seed)
    }

    init(settings: BinanceFeedSettings, seed: UInt64) {
        self.init(initial: settings.initialBackoff, maximum: settings.maximumBackoff, healthyAfter: settings.healthyAfter, seed: seed)
    }

    /// The upper bound of the next delay, before jitter.
    var ceiling: Duration {
        // Past 2^20 the doubling has long passed any sensible maximum; capping the exponent keeps it from overflowing.
        let doubled = initial * (1 << min(attempt, 20))
        return min(maximum, doubled)
    }

    /// The delay before the next attempt, after a connection that was up for `uptime` (nil: it never came up).
    mutating func nextDelay(afterUptime uptime: Duration? = nil) -> Duration {
        if let uptime, uptime >= healthyAfter { attempt = 0 }
        let bound = ceiling
        attempt += 1
        return bound * random.nextUnit()
    }

    /// Starts the schedule again, as after a success.
    mutating func reset() {
        attempt = 0
    }
}
