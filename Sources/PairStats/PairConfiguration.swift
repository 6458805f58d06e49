// SPDX-License-Identifier: Apache-2.0

/// How the hedge ratio of A on B is estimated.
public enum HedgeMethod: String, Sendable, CaseIterable {
    /// Ordinary least squares (`statsmodels` `OLS`).
    case ols
    /// Huber M-estimation by IRLS (`statsmodels` `RLM` with `HuberT`).
    case huber
}

/// Settings of one pair's statistics.
public struct PairConfiguration: Sendable, Equatable {
    /// Smallest window the statistics are defined for (ADF with a constant needs 4 points).
    public static let minimumWindow = 4

    /// Bars kept for the hedge ratio, ADF, cointegration, half-life and correlation.
    public let window: Int
    /// Trailing spreads the z-score is measured against.
    public let zscoreWindow: Int
    public let method: HedgeMethod

    public init(window: Int, zscoreWindow: Int = 100, method: HedgeMethod = .huber) throws(PairConfigurationError) {
        guard window >= Self.minimumWindow else { throw .windowTooSmall(window) }
        guard zscoreWindow >= 2 else { throw .zscoreWindowTooSmall(zscoreWindow) }
        guard zscoreWindow <= window else { throw .zscoreWindowLargerThanWindow(zscoreWindow, window) }
        self.window = window
        self.zscoreWindow = zscoreWindow
        self.method = method
    }
}

/// A window setting outside what the statistics allow.
public struct PairConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: Equatable {
        case windowTooSmall(Int)
        case zscoreWindowTooSmall(Int)
        case zscoreWindowLargerThanWindow(Int, Int)
    }

    private let code: Code

    static func windowTooSmall(_ value: Int) -> Self { Self(code: .windowTooSmall(value)) }
    static func zscoreWindowTooSmall(_ value: Int) -> Self { Self(code: .zscoreWindowTooSmall(value)) }
    static func zscoreWindowLargerThanWindow(_ z: Int, _ w: Int) -> Self { Self(code: .zscoreWindowLargerThanWindow(z, w)) }

    public var description: String {
        switch code {
        case .windowTooSmall(let value): "window: \(value) is smaller than the minimum (\(PairConfiguration.minimumWindow))"
        case .zscoreWindowTooSmall(let value): "zscore_window: \(value) is smaller than the minimum (2)"
        case .zscoreWindowLargerThanWindow(let z, let w): "zscore_window: \(z) is larger than window (\(w))"
        }
    }
}
