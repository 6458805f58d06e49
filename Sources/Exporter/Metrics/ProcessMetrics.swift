// SPDX-License-Identifier: Apache-2.0
import Foundation

/// The standard `process_*` metrics of the Prometheus client libraries, read from procfs at each scrape.
///
/// Field positions follow proc(5): `/proc/self/stat` fields 14 (utime), 15 (stime), 22 (starttime, in clock
/// ticks since boot), 23 (vsize, bytes), 24 (rss, pages); boot time is `btime` in `/proc/stat`.
public struct ProcessMetrics: MetricsCollector {
    let procRoot: String

    /// `procRoot` is a flag-like input root so tests can read fixtures instead of the live /proc.
    public init(procRoot: String = "/proc") {
        self.procRoot = procRoot
    }

    /// The process's figures at one moment, in base units; `maxOpenFiles` is nil when the limit is "unlimited".
    public struct Snapshot: Sendable, Equatable {
        public var cpuSeconds: Double
        public var residentBytes: Double
        public var virtualBytes: Double
        public var startTimeSeconds: Double
        public var openFiles: Double
        public var maxOpenFiles: Double?
    }

    public func snapshot() throws -> Snapshot {
        let stat = try ProcessStat(parsing: try read("self/stat"))
        let bootTime = try ProcessStat.bootTime(parsing: try read("stat"))
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        return Snapshot(
            cpuSeconds: Double(stat.userTicks + stat.systemTicks) / ticks, residentBytes: Double(stat.residentPages) * pageSize,
            virtualBytes: Double(stat.virtualBytes), startTimeSeconds: Double(bootTime) + Double(stat.startTicks) / ticks,
            openFiles: Double(try FileManager.default.contentsOfDirectory(atPath: procRoot + "/self/fd").count),
            maxOpenFiles: try ProcessStat.maxOpenFiles(parsing: try read("self/limits")))
    }

    public func write(_ snapshot: Snapshot, to encoder: inout MetricsEncoder) async {
        let families: [(String, String, MetricType, Double?)] = [
            ("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", .counter, snapshot.cpuSeconds),
            ("process_resident_memory_bytes", "Resident memory size in bytes.", .gauge, snapshot.residentBytes),
            ("process_virtual_memory_bytes", "Virtual memory size in bytes.", .gauge, snapshot.virtualBytes),
            ("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", .gauge, snapshot.startTimeSeconds),
            ("process_open_fds", "Number of open file descriptors.", .gauge, snapshot.openFiles),
            ("process_max_fds", "Maximum number of open file descriptors.", .gauge, snapshot.maxOpenFiles),
        ]
        for (name, help, type, value) in families {
            guard let value else { continue }
            await encoder.family(name, help: help, type: type)
            await encoder.sample(value)
        }
    }

    private func read(_ path: String) throws -> String {
        try String(contentsOfFile: procRoot + "/" + path, encoding: .utf8)
    }
}

/// The fields of `/proc/<pid>/stat` that the process metrics need, parsed from its text.
struct ProcessStat: Equatable {
    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    var userTicks: UInt64
    var systemTicks: UInt64
    var startTicks: UInt64
    var virtualBytes: UInt64
    var residentPages: UInt64

    init(userTicks: UInt64, systemTicks: UInt64, startTicks: UInt64, virtualBytes: UInt64, residentPages: UInt64) {
        self.userTicks = userTicks
        self.systemTicks = systemTicks
        self.startTicks = startTicks
        self.virtualBytes = virtualBytes
        self.residentPages = residentPages
    }

    /// The command name (field 2) is in parentheses and may hold spaces or `)`, so fields are counted from
    /// the last `)`.
    init(parsing text: String) throws {
        guard let close = text.lastIndex(of: ")") else { throw ParseError(description: "proc stat: no command name") }
        let fields = text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // fields[0] is field 3 (state), so field N is fields[N - 3].
        func field(_ number: Int) throws -> UInt64 {
            guard fields.count > number - 3, let value = UInt64(fields[number - 3]) else {
                throw ParseError(description: "proc stat: field \(number) missing or not a number")
            }
            return value
        }
        userTicks = try field(14)
        systemTicks = try field(15)
        startTicks = try field(22)
        virtualBytes = try field(23)
        residentPages = try field(24)
    }

    static func bootTime(parsing text: String) throws -> UInt64 {
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            if let value = UInt64(line.dropFirst("btime ".count).trimmingCharacters(in: .whitespaces)) { return value }
        }
        throw ParseError(description: "proc stat: no btime line")
    }

    /// Soft limit of "Max open files"; nil when it is "unlimited".
    static func maxOpenFiles(parsing text: String) throws -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix("Max open files") {
            let columns = line.dropFirst("Max open files".count).split(separator: " ", omittingEmptySubsequences: true)
            guard let soft = columns.first else { break }
            if soft == "unlimited" { return nil }
            if let value = Double(soft) { return value }
        }
        throw ParseError(description: "proc limits: no \"Max open files\" line")
    }
}
