// SPDX-License-Identifier: Apache-2.0

/// A statistic that was either computed or could not be, with the reason; never NaN or infinity.
public enum Statistic<Value: Sendable & Equatable>: Sendable, Equatable {
    case available(Value)
    case unavailable(UnavailableReason)

    /// The value, or nil when unavailable.
    public var value: Value? {
        if case .available(let value) = self { return value }
        return nil
    }

    /// Why the value is missing, or nil when available.
    public var reason: UnavailableReason? {
        if case .unavailable(let reason) = self { return reason }
        return nil
    }

    /// Applies `transform` to an available value, keeping the reason otherwise.
    public func map<T>(_ transform: (Value) -> T) -> Statistic<T> {
        switch self {
        case .available(let value): .available(transform(value))
        case .unavailable(let reason): .unavailable(reason)
        }
    }
}

/// Why a statistic is missing from a snapshot.
public enum UnavailableReason: Sendable, Equatable, CustomStringConvertible {
    /// Fewer samples than the statistic needs.
    case tooFewSamples(have: Int, need: Int)
    /// The named series does not vary over the window.
    case constantSeries(String)
    /// The z-score window's spread has a standard deviation of 0.
    case zeroStandardDeviation
    /// The spread's AR(1) coefficient λ is not negative, so it does not revert to a mean.
    case notMeanReverting
    /// The legs are (almost) perfectly collinear (`coint` warns and returns −∞ there).
    case perfectlyCollinear
    /// A regression's design is singular or fits the data exactly; the name says which.
    case singularRegression(String)

    public var description: String {
        switch self {
        case .tooFewSamples(let have, let need): "\(have) sample\(have == 1 ? "" : "s"), needs at least \(need)"
        case .constantSeries(let name): "\(name) is constant"
        case .zeroStandardDeviation: "spread has zero standard deviation over the z-score window"
        case .notMeanReverting: "spread is not mean reverting (lambda >= 0)"
        case .perfectlyCollinear: "legs are perfectly collinear"
        case .singularRegression(let name): "\(name) regression is singular or an exact fit"
        }
    }
}
