// SPDX-License-Identifier: Apache-2.0
import Alerting
import Testing

// Expected values from this Python transcription of prometheus/common's labelSetToFingerprint:
//
//     def fp(ls):
//         h = 0xcbf29ce484222325
//         for k in sorted(ls, key=lambda s: s.encode()):
//             for b in k.encode() + b'\xff' + ls[k].encode() + b'\xff':
//                 h ^= b; h = (h * 0x100000001b3) & 0xffffffffffffffff
//         return '%016x' % h
//
// The real-Alertmanager test checks the same function against the fingerprint Alertmanager itself reports.

@Test func fingerprint_whenTheLabelSetIsEmpty_isTheFNVOffsetBasis() {
    #expect(alertFingerprint([:]) == "cbf29ce484222325")
}

@Test func fingerprint_whenGivenAnAlertsLabels_matchesAlertmanager() {
    let labels = ["alertname": "SpreadZscoreHigh", "pair": "BTCUSDT/ETHUSDT", "timeframe": "1m", "severity": "warning"]
    #expect(alertFingerprint(labels) == "91ae3544fd6690cb")
}

@Test func fingerprint_whenTheHashHasLeadingZeroNibblesOrValuesAreNotASCII_keepsSixteenDigitsAndHashesUTF8() {
    #expect(alertFingerprint(["alertname": "A4480"]) == "00e32062b64f451f")
    #expect(alertFingerprint(["c": "é", "a": "b"]) == "ed361ff17d722309")
    // The separator keeps a name's end apart from its value's start.
    #expect(alertFingerprint(["a": "b"]) == "d2b371819297f98a" && alertFingerprint(["ab": ""]) == "fdf42483ef9ca070")
}
