// SPDX-License-Identifier: Apache-2.0
import MarketData

/// The input flags of `pairwatch analyze` as given, checked into an ``AnalysisSource``: either a CSV file
/// (`--csv FILE --a COL --b COL [--timestamp COL]`) or stored bars (`--storage.path DB --pair A/B --timeframe TF`).
public struct AnalysisFlags: Sendable, Equatable {
    public var csv: String?
    public var a: String?
    public var b: String?
    public var timestamp: String?
    /// `--storage.path`, or the configuration file's `storage.path` when only `--config.file` names the database.
    public var database: String?
    public var pair: String?
    public var timeframe: String?

    public init(
        csv: String? = nil, a: String? = nil, b: String? = nil, timestamp: String? = nil, database: String? = nil, pair: String? = nil,
        timeframe: String? = nil
    ) {
        self.csv = csv
        self.a = a
        self.b = b
        self.timestamp = timestamp
        self.database = database
        self.pair = pair
        self.timeframe = timeframe
    }

    /// The one input the flags name, or the first flag at fault.
    public func source() throws(AnalysisError) -> AnalysisSource {
        switch (csv, database) {
        case (let file?, nil):
            try Self.refuse([("--pair", pair), ("--timeframe", timeframe)], with: "--csv")
            let a = try Self.required("--a", a, with: "--csv"), b = try Self.required("--b", b, with: "--csv")
            return .csv(file: file, a: a, b: b, timestamp: timestamp)
        case (nil, let database?):
            guard !database.isEmpty else { throw .flag("--storage.path: must not be empty") }
            try Self.refuse([("--a", a), ("--b", b), ("--timestamp", timestamp)], with: "--storage.path")
            let (a, b) = try Self.legs(try Self.required("--pair", pair, with: "--storage.path"))
            let name = try Self.required("--timeframe", timeframe, with: "--storage.path")
            guard let timeframe = Timeframe(name) else {
                throw .flag("--timeframe: expected a timeframe such as 1s, 1m, 5m, 1h or 1d, found \"\(name)\"")
            }
            return .stored(database: database, a: a, b: b, timeframe: timeframe)
        case (.some, .some):
            throw .flag("--csv and --storage.path: give one of them, not both")
        case (nil, nil):
            throw .flag("--csv or --storage.path: one is needed (--csv FILE --a COL --b COL, or --storage.path DB --pair A/B --timeframe 1m)")
        }
    }

    private static func required(_ flag: String, _ value: String?, with input: String) throws(AnalysisError) -> String {
        guard let value else { throw .flag("\(flag): needed with \(input)") }
        return value
    }

    /// Flags of the other input: refused rather than ignored, since they say the user meant that input.
    private static func refuse(_ flags: [(String, String?)], with input: String) throws(AnalysisError) {
        if let (flag, _) = flags.first(where: { $0.1 != nil }) { throw .flag("\(flag): not used with \(input)") }
    }

    /// `BTCUSDT/ETHUSDT` into its two symbols.
    private static func legs(_ pair: String) throws(AnalysisError) -> (String, String) {
        let parts = pair.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !pair.contains(where: \.isWhitespace) else {
            throw .flag("--pair: expected two symbols as A/B, such as BTCUSDT/ETHUSDT, found \"\(pair)\"")
        }
        guard parts[0] != parts[1] else { throw .flag("--pair: both legs are \(parts[0]); name two different symbols") }
        return (parts[0], parts[1])
    }
}
