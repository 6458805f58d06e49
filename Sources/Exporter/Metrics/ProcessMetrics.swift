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

    public func collect() throws -> [MetricFamily] {
        let stat = try ProcessStat(parsing: try read("self/stat"))
        let bootTime = try ProcessStat.bootTime(parsing: try read("stat"))
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        var families: [MetricFamily] = [
            .single("process_cpu_seconds_total", help: "Total user and system CPU time spent in seconds.", kind: .counter,
                    value: Double(stat.userTicks + stat.systemTicks) / ticks),
            .single("process_resident_memory_bytes", help: "Resident memory size in bytes.", kind: .gauge,
                    value: Double(stat.residentPages) * pageSize),
            .single("process_virtual_memory_bytes", help: "Virtual memory size in bytes.", kind: .gauge, value: Double(stat.virtualBytes)),
            .single("process_start_time_seconds", help: "Start time of the process since unix epoch in seconds.", kind: .gauge,
                    value: Double(bootTime) + Double(stat.startTicks) / ticks),
        ]
        let descriptors = try FileManager.default.contentsOfDirectory(atPath: procRoot + "/self/fd")
        families.append(.single("process_open_fds", help: "Number of open file descriptors.", kind: .gauge, value: Double(descriptors.count)))
        if let limit = try ProcessStat.maxOpenFiles(parsing: try read("self/limits")) {
            families.append(.single("process_max_fds", help: "Maximum number of open file descriptors.", kind: .gauge, value: limit))
        }
        return families
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
