// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import Exporter

@Test func processStat_whenCommandHasSpacesAndParentheses_countsFieldsFromTheLastParenthesis() throws {
    let text = "4242 (pair (watch) x) S 1 4242 4242 0 -1 4194560 2000 0 0 0 150 50 0 0 20 0 9 0 12345 987654321 2048 "
        + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n"
    let stat = try ProcessStat(parsing: text)
    #expect(stat == ProcessStat(userTicks: 150, systemTicks: 50, startTicks: 12345, virtualBytes: 987_654_321, residentPages: 2048))
}

@Test func processStat_whenTruncated_throwsNamingTheField() {
    #expect(throws: ProcessStat.ParseError.self) { try ProcessStat(parsing: "1 (x) S 1 2 3") }
}

@Test func limits_whenSoftLimitIsNumberOrUnlimited_parsesIt() throws {
    let header = "Limit                     Soft Limit           Hard Limit           Units     \n"
    #expect(try ProcessStat.maxOpenFiles(parsing: header + "Max open files            1024                 524288               files     \n") == 1024)
    #expect(try ProcessStat.maxOpenFiles(parsing: header + "Max open files            unlimited            unlimited            files     \n") == nil)
}

@Test func bootTime_whenPresent_parsesBtime() throws {
    #expect(try ProcessStat.bootTime(parsing: "cpu  1 2 3\nbtime 1700000000\nprocesses 5\n") == 1_700_000_000)
}

@Test func processMetrics_whenReadingLiveProc_exportsTheStandardFamilies() async throws {
    let snapshot = try ProcessMetrics().snapshot()
    #expect(snapshot.residentBytes > 0 && snapshot.openFiles > 0)
    let registry = MetricsRegistry()
    registry.register(ProcessMetrics())
    let names = await registry.render().split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { String($0.split(separator: " ")[2]) }
    #expect(
        names == [
            "process_cpu_seconds_total", "process_resident_memory_bytes", "process_virtual_memory_bytes", "process_start_time_seconds",
            "process_open_fds", "process_max_fds",
        ])
}
