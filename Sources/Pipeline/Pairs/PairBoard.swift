// SPDX-License-Identifier: Apache-2.0
import Atomics
import MarketData
import PairStats
import Storage

/// What the monitor last computed for one pair series: the statistics and the bars they cover. Immutable and shared
/// by reference, so a reader holding one pays no copy and never sees it change.
public final class PairReading: Sendable, AtomicReference {
    public let snapshot: PairSnapshot
    /// End of the latest bar in the window, milliseconds since the epoch (event time, so a restored reading is the
    /// same as before the restart).
    public let lastBarEndMs: Int64
    /// The snapshot's numbers, taken out once here so that a scrape of thousands of series reads plain values
    /// instead of copying each statistic's struct (which cost it an eighth of its time in reference counting).
    public let values: PairValues
    /// The z-scores of the readings published before this one and its own, oldest first, at most
    /// ``recentLimit`` (nil where the z-score was unavailable): the status page's sparkline. Each reading carries
    /// its predecessor's list, so a reader gets a consistent history without a lock.
    public let recentZScores: [Double?]

    /// How many z-scores ``recentZScores`` keeps.
    public static let recentLimit = 60

    init(snapshot: PairSnapshot, lastBarEndMs: Int64, previous: PairReading? = nil) {
        self.snapshot = snapshot
        self.lastBarEndMs = lastBarEndMs
        values = PairValues(snapshot)
        recentZScores = (previous?.recentZScores.suffix(Self.recentLimit - 1) ?? []) + [values.zScore]
    }
}

extension PairValues {
    /// The half-life in seconds: bars times the length of one bar.
    public func halfLifeSeconds(_ timeframe: Timeframe) -> Double? {
        halfLifeBars.map { $0 * (Double(timeframe.milliseconds) / 1_000) }
    }
}

/// The numbers of a ``PairSnapshot``, each nil when the statistic is unavailable.
public struct PairValues: Sendable, Equatable {
    public let hedgeRatio, intercept, spread, zScore: Double?
    public let adfStatistic, adfPValue, cointegrationPValue: Double?
    public let halfLifeBars, correlation: Double?
    public let samples: Int

    init(_ snapshot: PairSnapshot) {
        hedgeRatio = snapshot.hedge.value?.slope
        intercept = snapshot.hedge.value?.intercept
        spread = snapshot.spread.value
        zScore = snapshot.zScore.value
        adfStatistic = snapshot.adf.value?.statistic
        adfPValue = snapshot.adf.value?.pValue
        cointegrationPValue = snapshot.cointegration.value?.pValue
        halfLifeBars = snapshot.halfLifeBars.value
        correlation = snapshot.correlation.value
        samples = snapshot.samples
    }
}

/// The latest reading of every monitored pair series, for the exporter (and later the API and alerting) to read.
///
/// Readers take no lock: the entry list and each entry's reading are swapped atomically (swift-atomics'
/// `ManagedAtomic` over immutable boxes), so a scrape never waits for an engine and an engine never waits for a scrape.
public final class PairBoard: Sendable {
    private let list = ManagedAtomic(EntryList([]))
    private let updated = WakeSignal()
    private let broadcast = UpdateBroadcast()

    public init() {}

    /// Returns once a reading has been published since the last call (at once if one was), or when the task is
    /// cancelled. Readings published meanwhile are coalesced into one wake-up; for a single reader (alerting).
    public func nextUpdate() async {
        await updated.wait()
    }

    /// How many times readings were published; moves on with every publication.
    public var version: UInt64 { broadcast.version }

    /// Returns the board's version once it differs from `seen` (at once if it already does), or when the task is
    /// cancelled; for any number of readers (the live stream), each comparing the entries' readings with those it saw.
    public func waitForUpdate(after seen: UInt64) async -> UInt64 {
        await broadcast.wait(after: seen)
    }

    func noteUpdate() {
        updated.signal()
        broadcast.bump()
    }

    /// Every monitored series, ordered by pair then timeframe length.
    public var entries: [PairBoardEntry] { list.load(ordering: .acquiring).entries }

    func replace(_ entries: [PairBoardEntry]) {
        list.store(EntryList(entries.sorted { PairSeries.order($0.series, $1.series) }), ordering: .releasing)
    }

    private final class EntryList: AtomicReference, Sendable {
        let entries: [PairBoardEntry]
        init(_ entries: [PairBoardEntry]) { self.entries = entries }
    }
}

/// One pair series on the board.
public final class PairBoardEntry: Sendable {
    public let settings: PairSeriesSettings
    private let current = ManagedAtomic<PairReading?>(nil)
    private let published = ManagedAtomic<UInt64>(0)

    /// `reading`, if any, is shown until the first publication: a series restored afresh keeps its last reading on
    /// the board meanwhile rather than disappearing from it. It is not counted as a publication.
    init(settings: PairSeriesSettings, reading: PairReading? = nil) {
        self.settings = settings
        current.store(reading, ordering: .relaxed)
    }

    /// A series with the configuration file's default statistics settings.
    convenience init(series: PairSeries) {
        self.init(settings: PairSeriesSettings(series: series, configuration: .defaults))
    }

    public var series: PairSeries { settings.series }

    /// The latest reading; nil until the series has a bar of both legs.
    public var reading: PairReading? { current.load(ordering: .acquiring) }

    /// How many readings have been published, counted once each is in place: a reader watching every series (the
    /// live stream) loads this plain number, and the reading (a costlier atomic load of a reference) only when it moved.
    public var publications: UInt64 { published.load(ordering: .acquiring) }

    func publish(_ reading: PairReading) {
        current.store(reading, ordering: .releasing)
        published.wrappingIncrement(ordering: .releasing)
    }
}
