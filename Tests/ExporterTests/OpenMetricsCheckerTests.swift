// SPDX-License-Identifier: Apache-2.0
import Testing

/// The checker the OpenMetrics tests rely on must itself reject each broken rule.
@Test func openMetricsChecker_whenRulesAreBroken_namesEachOne() {
    let broken = """
        # TYPE a_total counter
        a_total 1
        # HELP b say "hi"
        # TYPE b gauge
        b{x="1",x="2"} 1
        b_sum 2
        # TYPE a_total counter

        c 1
        # EOF
        d 1

        """
    #expect(
        OpenMetricsChecker.check(broken) == [
            "line 0: the body does not end with # EOF"
        ])
    #expect(
        OpenMetricsChecker.check(String(broken.dropLast("d 1\n".count))) == [
            "line 1: counter family a_total ends with _total",
            "line 2: sample a_total does not belong to counter family a_total",
            "line 3: HELP of b: unescaped double quote",
            "line 5: label x twice",
            "line 6: sample b_sum does not belong to gauge family b",
            "line 7: family a_total appears twice or interleaves",
            "line 7: counter family a_total ends with _total",
            "line 8: blank line",
            "line 9: sample c does not belong to counter family a_total",
        ])
    #expect(OpenMetricsChecker.check("# TYPE g gauge\ng 1.5e+3\ng{l=\"a\\\\b\"} +Inf\n# EOF\n") == [])
    #expect(OpenMetricsChecker.check("# TYPE g gauge\ng 1,5\n# EOF\n") == ["line 2: value of g is not an OpenMetrics number: \"1,5\""])
}
