// SPDX-License-Identifier: Apache-2.0
import Foundation

extension PairWatchConfiguration {
    /// The shortest `alerting.evaluation_interval`: rules are cheap, but a timer below a second only burns CPU, as
    /// no statistic changes faster than the shortest timeframe (1s).
    public static let minimumEvaluationInterval = ConfigDuration.seconds(1)

    /// Checks of `alerting:` that compare it with the rest of the file or its entries with each other.
    func validateAlerting(_ reader: inout NodeReader) {
        if alerting.evaluationInterval < Self.minimumEvaluationInterval {
            let message = "\(alerting.evaluationInterval) is shorter than the minimum of \(Self.minimumEvaluationInterval)"
            reader.report("alerting.evaluation_interval", message)
        }
        if alerting.maxNotificationAge.milliseconds <= 0 { reader.report("alerting.max_notification_age", "must be longer than 0s") }
        if !alerting.externalURL.isEmpty, !Self.isHTTPURL(alerting.externalURL) {
            reader.report("alerting.external_url", Self.urlMessage(alerting.externalURL))
        }
        var names = Set<String>()
        for (index, rule) in alerting.rules.enumerated() {
            let path = reader.elementPath("alerting.rules", index)
            validateRule(rule, path: path, &reader)
            if !names.insert(rule.alert).inserted { reader.report("\(path).alert", "alert \(rule.alert) is configured twice") }
        }
        validateReceivers(&reader)
    }

    private func validateRule(_ rule: AlertRuleConfig, path: String, _ reader: inout NodeReader) {
        if !AlertRuleConfig.isLabelName(rule.alert) { reader.report("\(path).alert", AlertRuleConfig.nameMessage("an alert", rule.alert)) }
        if let problem = rule.clearProblem() { reader.report("\(path).clear", problem) }
        // An empty list would make a rule that never fires, which is never what was meant.
        if rule.pairs?.isEmpty == true { reader.report("\(path).pairs", "an empty list matches no pair (leave pairs out for every pair)") }
        let pairNames = pairs.map(\.name)
        for (index, name) in (rule.pairs ?? []).enumerated() where !pairNames.contains(name) {
            reader.report("\(path).pairs[\(index)]", "\(name) is not among pairs (\(Self.listing(pairNames)))")
        }
        if rule.timeframes?.isEmpty == true {
            reader.report("\(path).timeframes", "an empty list matches no timeframe (leave timeframes out for every timeframe)")
        }
        for (index, timeframe) in (rule.timeframes ?? []).enumerated() where !timeframes.contains(timeframe) {
            reader.report("\(path).timeframes[\(index)]", "\(timeframe.name) is not among timeframes (\(Self.listing(timeframes.map(\.name))))")
        }
    }

    /// Receiver names are the `receiver` label of the notification metrics and what `--receiver` selects, so they
    /// are unique across webhooks and Alertmanagers, and `journald` is the journal's.
    private func validateReceivers(_ reader: inout NodeReader) {
        let receivers = alerting.receivers
        let webhooks = receivers.webhooks.enumerated().map { (reader.elementPath("alerting.receivers.webhooks", $0), $1.name, $1.url, $1.timeout) }
        let alertmanagers = receivers.alertmanagers.enumerated().map {
            (reader.elementPath("alerting.receivers.alertmanager", $0), $1.name, $1.url, $1.timeout)
        }
        var seen = Set<String>()
        for (path, name, url, timeout) in webhooks + alertmanagers {
            if name.isEmpty {
                reader.report("\(path).name", "must not be empty")
            } else if name == ReceiversConfig.journaldName {
                reader.report("\(path).name", "\(name) is reserved for the journal (alerting.receivers.journald)")
            } else if !seen.insert(name).inserted {
                reader.report("\(path).name", "receiver \(name) is configured twice")
            }
            if !Self.isHTTPURL(url) { reader.report("\(path).url", Self.urlMessage(url)) }
            if timeout.milliseconds <= 0 { reader.report("\(path).timeout", "must be longer than 0s") }
        }
    }

    /// An absolute http:// or https:// URL with a host, as the HTTP client needs it.
    static func isHTTPURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = components.host, !host.isEmpty
        else { return false }
        return true
    }

    static func urlMessage(_ text: String) -> String {
        "expected an absolute http:// or https:// URL, found \"\(text)\""
    }

    /// A list of names for a message, cut short when a file configures many.
    static func listing(_ names: [String]) -> String {
        let shown = 10
        guard names.count > shown else { return names.joined(separator: ", ") }
        return names.prefix(shown).joined(separator: ", ") + " and \(names.count - shown) more"
    }

    /// The keys a check of `alerting:` reads, for `checkInputs(of:)`.
    static func alertingCheckInputs(of path: String) -> [String] {
        guard path.hasPrefix("alerting.rules["), let close = path.firstIndex(of: "]") else { return [path] }
        let rule = String(path[...close])
        let key = path[path.index(after: close)...]
        if key.hasPrefix(".pairs") { return [rule + ".pairs", "pairs"] }
        if key.hasPrefix(".timeframes") { return [rule + ".timeframes", "timeframes"] }
        if key == ".clear" { return [path, rule + ".threshold", rule + ".op"] }
        return [path]
    }
}

extension AlertRuleConfig {
    /// A firing alert resolves once the value is back past `clear`, so `clear` must lie on the resolving side of
    /// the threshold: at most it for `>` and `>=`, at least it for `<` and `<=`.
    func clearProblem() -> String? {
        guard let clear else { return nil }
        switch op {
        case .greater, .greaterOrEqual:
            return clear <= threshold ? nil : "clear \(clear) is above threshold \(threshold) (with op \"\(op.rawValue)\" it must be at most the threshold)"
        case .less, .lessOrEqual:
            return clear >= threshold ? nil : "clear \(clear) is below threshold \(threshold) (with op \"\(op.rawValue)\" it must be at least the threshold)"
        }
    }

    /// Prometheus' label name syntax, `[a-zA-Z_][a-zA-Z0-9_]*`, which alert names follow too.
    static func isLabelName(_ text: String) -> Bool {
        guard let first = text.utf8.first, !(48...57).contains(first) else { return false }
        return text.utf8.allSatisfy { (65...90).contains($0) || (97...122).contains($0) || (48...57).contains($0) || $0 == UInt8(ascii: "_") }
    }

    static func nameMessage(_ what: String, _ name: String) -> String {
        "expected \(what) name of letters, digits and _ not starting with a digit, found \"\(name)\""
    }

    static func labelNameProblem(_ name: String) -> String? {
        if !isLabelName(name) { return nameMessage("a label", name) }
        if reservedLabels.contains(name) {
            return "\(name) is set by pairwatch (\(reservedLabels.dropLast().joined(separator: ", ")) and \(reservedLabels.last ?? "") are reserved)"
        }
        // Prometheus keeps names starting with __ for itself, and Alertmanager may drop them.
        if name.hasPrefix("__") { return "label names starting with __ are reserved" }
        return nil
    }

    /// The first placeholder of an annotation that is not one the daemon fills in, if any.
    static func templateProblem(_ template: String) -> String? {
        let allowed = placeholders.map { "{{\($0)}}" }.joined(separator: " ")
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { return "{{ is not closed (placeholders: \(allowed))" }
            let name = rest[open.upperBound..<close.lowerBound]
            if !placeholders.contains(String(name)) { return "unknown placeholder {{\(name)}} (allowed: \(allowed))" }
            rest = rest[close.upperBound...]
        }
        return nil
    }
}
