// SPDX-License-Identifier: Apache-2.0

/// How the hedge ratio of A on B is estimated.
public enum HedgeMethod: String, Sendable, CaseIterable {
    /// Ordinary least squares (`statsmodels` `OLS`).
    case ols
    /// Huber M-estimation by IRLS (`statsmodels` `RLM` with `HuberT`).
    case huber
}

/// Settings of one pair's statistics.
///
/// Two sets of bounds, on purpose: `minimumWindow` is where the statistics stop being defined, and `init` only
/// enforces it (tests and benchmarks use short windows); `windowLimits` and `minimumZScoreWindow` are what a user
/// may configure, enforced by `checked` for the configuration file, `analyze` and everything else a user sets.
public struct PairConfiguration: Sendable, Equatable {
    /// Fewest samples the statistics are defined for: ADF with a constant needs 4 points. Below it the engine and
    /// `PairAnalysis` report too few samples.
    public static let minimumWindow = 4

    /// The windows a user may configure. At least 20: the ADF regression with its default maximum lag
    /// 12·(n/100)^¼ (Schwert 1989) needs about that many observations to leave degrees of freedom for the lag
    /// search. At most 20,000 bars, which bounds an engine's memory and its O(window) update at bar close.
    public static let windowLimits = 20...20_000

    /// Fewest spreads a z-score is measured against: the sample standard deviation needs two.
    public static let minimumZScoreWindow = 2

    /// Bars kept for the hedge ratio, ADF, cointegration, half-life and correlation.
    public let window: Int
    /// Trailing spreads the z-score is measured against.
    public let zscoreWindow: Int
    public let method: HedgeMethod

    /// The configuration file's defaults for a pair: window 500, z-score window 100, Huber.
    public static let defaults = PairConfiguration(known: 500, zscoreWindow: 100, method: .huber)

    private init(known window: Int, zscoreWindow: Int, method: HedgeMethod) {
        self.window = window
        self.zscoreWindow = zscoreWindow
        self.method = method
    }

    /// Any window the statistics are defined for (`minimumWindow` or more); see `checked` for user settings.
    public init(window: Int, zscoreWindow: Int = 100, method: HedgeMethod = .huber) throws(PairConfigurationError) {
        guard window >= Self.minimumWindow else { throw .windowTooSmall(window) }
        guard zscoreWindow >= Self.minimumZScoreWindow else { throw .zscoreWindowTooSmall(zscoreWindow) }
        guard zscoreWindow <= window else { throw .zscoreWindowLargerThanWindow(zscoreWindow, window) }
        self.window = window
        self.zscoreWindow = zscoreWindow
        self.method = method
    }

    /// A configuration within the limits a user may set; throws the first limit broken (`problems` lists all).
    public static func checked(window: Int, zscoreWindow: Int, method: HedgeMethod) throws(PairConfigurationError) -> PairConfiguration {
        if let problem = problems(window: window, zscoreWindow: zscoreWindow).first { throw problem }
        return try PairConfiguration(window: window, zscoreWindow: zscoreWindow, method: method)
    }

    /// Every user limit the settings break, `window` first; empty when all hold. The z-score window is not
    /// compared with a window that is itself out of range: that comparison would say nothing new.
    public static func problems(window: Int, zscoreWindow: Int) -> [PairConfigurationError] {
        var found: [PairConfigurationError] = []
        let windowInRange = windowLimits.contains(window)
        if !windowInRange { found.append(.windowOutOfRange(window)) }
        if zscoreWindow < minimumZScoreWindow {
            found.append(.zscoreWindowTooSmall(zscoreWindow))
        } else if zscoreWindow > window && windowInRange {
            found.append(.zscoreWindowLargerThanWindow(zscoreWindow, window))
        }
        return found
    }
}

/// A window setting outside what the statistics or the user limits allow: the key at fault and what is wrong,
/// so the configuration can place it at `pairs[0].window` and `analyze` at `--window`.
public struct PairConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The setting at fault, spelt as the configuration file spells it.
    public enum Key: String, Sendable {
        case window
        case zscoreWindow = "zscore_window"
    }

    private enum Code: Equatable {
        case windowTooSmall(Int)
        case windowOutOfRange(Int)
        case zscoreWindowTooSmall(Int)
        case zscoreWindowLargerThanWindow(Int, Int)
    }

    private let code: Code

    static func windowTooSmall(_ value: Int) -> Self { Self(code: .windowTooSmall(value)) }
    static func windowOutOfRange(_ value: Int) -> Self { Self(code: .windowOutOfRange(value)) }
    static func zscoreWindowTooSmall(_ value: Int) -> Self { Self(code: .zscoreWindowTooSmall(value)) }
    static func zscoreWindowLargerThanWindow(_ z: Int, _ w: Int) -> Self { Self(code: .zscoreWindowLargerThanWindow(z, w)) }

    public var key: Key {
        switch code {
        case .windowTooSmall, .windowOutOfRange: .window
        case .zscoreWindowTooSmall, .zscoreWindowLargerThanWindow: .zscoreWindow
        }
    }

    /// What is wrong with the value, without the key: `10 is not between 20 and 20000`.
    public var message: String {
        let limits = PairConfiguration.windowLimits
        return switch code {
        case .windowTooSmall(let value): "\(value) is smaller than the minimum (\(PairConfiguration.minimumWindow))"
        case .windowOutOfRange(let value): "\(value) is not between \(limits.lowerBound) and \(limits.upperBound)"
        case .zscoreWindowTooSmall(let value): "\(value) is smaller than the minimum (\(PairConfiguration.minimumZScoreWindow))"
        case .zscoreWindowLargerThanWindow(let z, let w): "\(z) is larger than window (\(w))"
        }
    }

    public var description: String { "\(key.rawValue): \(message)" }
}
