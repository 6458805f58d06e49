// SPDX-License-Identifier: Apache-2.0

/// The two exposition formats `/metrics` speaks, and how a request's `Accept` header picks one.
///
/// References: https://prometheus.io/docs/instrumenting/exposition_formats/ (text 0.0.4) and
/// https://github.com/prometheus/OpenMetrics/blob/v1.0.0/specification/OpenMetrics.md (OpenMetrics 1.0).
public enum ExpositionFormat: Sendable, Equatable {
    case prometheusText
    case openMetrics

    public var contentType: String {
        switch self {
        case .prometheusText: "text/plain; version=0.0.4; charset=utf-8"
        case .openMetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8"
        }
    }

    /// OpenMetrics when the client names it with a q-value above 0 and at least as high as the best range
    /// that matches the text format (`text/plain`, `text/*`, `*/*`); the text format otherwise, including when
    /// nothing acceptable is listed, as the Prometheus client libraries do rather than answering 406.
    /// Prometheus sends `application/openmetrics-text;version=1.0.0,...;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1`.
    public static func negotiate(accept: String?) -> ExpositionFormat {
        guard let accept else { return .prometheusText }
        var openMetrics = 0.0
        var text = 0.0
        for range in HeaderList.parse(accept) {
            let version = range.parameters["version"]
            switch range.value {
            case "application/openmetrics-text" where version == nil || version == "1.0.0" || version == "0.0.1":
                openMetrics = max(openMetrics, range.quality)
            case "text/plain" where version == nil || version == "0.0.4":
                text = max(text, range.quality)
            case "text/*", "*/*":
                text = max(text, range.quality)
            default:
                break
            }
        }
        return openMetrics > 0 && openMetrics >= text ? .openMetrics : .prometheusText
    }

    /// Whether `Accept-Encoding` allows gzip: `gzip` (or `x-gzip`) with q above 0, or `*` with q above 0 when gzip
    /// is not listed (RFC 9110 section 12.5.3).
    public static func acceptsGzip(_ acceptEncoding: String?) -> Bool {
        guard let acceptEncoding else { return false }
        var gzip: Double?
        var wildcard: Double?
        for coding in HeaderList.parse(acceptEncoding) {
            switch coding.value {
            case "gzip", "x-gzip": gzip = max(gzip ?? 0, coding.quality)
            case "*": wildcard = coding.quality
            default: break
            }
        }
        return (gzip ?? wildcard ?? 0) > 0
    }
}

/// One element of a comma-separated header with `;name=value` parameters and a `q` weight (RFC 9110 section 12.4.2).
struct HeaderList: Equatable {
    var value: String
    var parameters: [String: String]
    var quality: Double

    static func parse(_ header: String) -> [HeaderList] {
        header.split(separator: ",").compactMap { element in
            let parts = element.split(separator: ";").map { $0.trimmingSpaces() }
            guard let first = parts.first, !first.isEmpty else { return nil }
            var parameters: [String: String] = [:]
            var quality = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces() }
                guard pair.count == 2 else { continue }
                let name = pair[0].lowercased()
                var value = pair[1]
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
                // A malformed weight makes the element unacceptable rather than preferred.
                if name == "q" { quality = min(max(Double(value) ?? 0, 0), 1) } else { parameters[name] = value }
            }
            return HeaderList(value: first.lowercased(), parameters: parameters, quality: quality)
        }
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
