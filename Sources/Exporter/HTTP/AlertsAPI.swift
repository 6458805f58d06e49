// SPDX-License-Identifier: Apache-2.0
import Alerting
import Foundation
import Hummingbird

/// `GET /api/v1/alerts`: pending, firing and recently resolved alerts as JSON, in the shape of Prometheus'
/// `/api/v1/alerts` (`{"status":"success","data":{"alerts":[…]}}`, `activeAt` in RFC 3339, `value` as a string),
/// with pairwatch's additions `firedAt`, `resolvedAt` and `fingerprint`.
public enum AlertsAPI {
    public static let path = "/api/v1/alerts"

    struct Body: Encodable {
        struct Data: Encodable { var alerts: [Alert] }
        struct Alert: Encodable {
            var labels: [String: String]
            var annotations: [String: String]
            var state: String
            var activeAt: String
            var firedAt: String?
            var resolvedAt: String?
            var value: String?
            var fingerprint: String
        }

        var status = "success"
        var data: Data
    }

    public static func response(_ listing: AlertListing) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: json(listing)))
    }

    static func json(_ listing: AlertListing) -> ByteBuffer {
        let alerts = listing.alerts.map { alert in
            Body.Alert(
                labels: alert.labels, annotations: alert.annotations, state: alert.state.rawValue, activeAt: APIJSON.timestamp(alert.activeSinceMs),
                firedAt: alert.firedAtMs.map(APIJSON.timestamp), resolvedAt: alert.resolvedAtMs.map(APIJSON.timestamp),
                value: alert.value.map { "\($0)" }, fingerprint: alert.fingerprint)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // The body holds only strings; encoding cannot fail.
        let data = (try? encoder.encode(Body(data: .init(alerts: alerts)))) ?? Foundation.Data("{}".utf8)
        return ByteBuffer(bytes: data)
    }
}
