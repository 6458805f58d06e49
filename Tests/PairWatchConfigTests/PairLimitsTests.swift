// SPDX-License-Identifier: Apache-2.0
import PairStats
import Testing

@testable import PairWatchConfig

/// The one set of pair limits (`PairConfiguration`) and the one conversion from a configured pair to it.
@Suite struct PairLimitsTests {
    @Test func statisticsConfiguration_whenWithinLimits_carriesEverySetting() throws {
        var pair = PairConfig(a: "BTCUSDT", b: "ETHUSDT")
        pair.method = .ols
        pair.window = 20
        pair.zscoreWindow = 20
        let configuration = try pair.statisticsConfiguration()
        #expect(configuration == (try PairConfiguration(window: 20, zscoreWindow: 20, method: .ols)))
    }

    @Test func statisticsConfiguration_whenOutsideTheUserLimits_namesTheKey() {
        var pair = PairConfig(a: "BTCUSDT", b: "ETHUSDT")
        pair.window = 19
        #expect(throws: PairConfigurationError.self) { try pair.statisticsConfiguration() }
        #expect(failure { try pair.statisticsConfiguration() } == "window: 19 is not between 20 and 20000")
        pair.window = 20_001
        #expect(failure { try pair.statisticsConfiguration() } == "window: 20001 is not between 20 and 20000")
        pair.window = 500
        pair.zscoreWindow = 501
        #expect(failure { try pair.statisticsConfiguration() } == "zscore_window: 501 is larger than window (500)")
        pair.zscoreWindow = 1
        #expect(failure { try pair.statisticsConfiguration() } == "zscore_window: 1 is smaller than the minimum (2)")
    }

    @Test func configFile_whenAtTheLimits_agreesWithTheConversion() throws {
        // The file's check and the conversion read the same limits: what one accepts, the other does too.
        for (window, zscoreWindow) in [(19, 2), (20, 2), (20, 21), (20_000, 20_000), (20_001, 100), (300, 1)] {
            let yaml = "pairs:\n  - {a: BTCUSDT, b: ETHUSDT, window: \(window), zscore_window: \(zscoreWindow)}\n"
            var pair = PairConfig(a: "BTCUSDT", b: "ETHUSDT")
            pair.window = window
            pair.zscoreWindow = zscoreWindow
            let converts = (try? pair.statisticsConfiguration()) != nil
            #expect(diagnostics(of: yaml).isEmpty == converts, "window \(window), zscore_window \(zscoreWindow)")
        }
    }

    @Test func statisticsFloor_whenBelowTheUserLimits_stillBuildsForLibraryUse() throws {
        // Tests and benchmarks of PairStats use short windows; only the user-facing paths apply the limits.
        #expect(try PairConfiguration(window: 4, zscoreWindow: 2).window == 4)
        #expect(PairConfiguration.problems(window: 4, zscoreWindow: 2).map(\.description) == ["window: 4 is not between 20 and 20000"])
        #expect(PairConfiguration.problems(window: 5, zscoreWindow: 600).map(\.description) == ["window: 5 is not between 20 and 20000"])
    }

    private func failure(_ body: () throws -> PairConfiguration) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            return "\(error)"
        }
    }
}
