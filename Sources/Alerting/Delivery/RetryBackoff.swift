// SPDX-License-Identifier: Apache-2.0
/// The delay before the next attempt at a notification: exponential from `initial`, doubling per failed attempt up
/// to `maximum`, with "equal jitter" (half the step fixed, half drawn at random; AWS Architecture Blog, "Exponential
/// Backoff and Jitter", 2015) so receivers coming back are not hit by every pairwatch at once, yet no retry is
/// immediate. A receiver's `Retry-After` is honoured when it asks for longer.
public struct RetryBackoff: Sendable {
    public var initial: Duration
    public var maximum: Duration

    public init(initial: Duration = .seconds(1), maximum: Duration = .seconds(300)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The delay after `failures` failed attempts (1 for the first), drawing from `random`.
    public func delay(afterFailures failures: Int, retryAfter: Duration? = nil, random: inout some RandomNumberGenerator) -> Duration {
        let step = min(maximum, initial * Double(1 << min(max(failures - 1, 0), 30)))
        let jittered = step / 2 + step / 2 * Double.random(in: 0...1, using: &random)
        return max(jittered, retryAfter ?? .zero)
    }
}
