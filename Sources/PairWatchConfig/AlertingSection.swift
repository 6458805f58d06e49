// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import Yams

/// Reading `alerting:` out of the YAML tree; checks that compare it with the rest of the file are in
/// AlertingValidation.swift.
extension AlertingConfig {
    mutating func read(_ node: Node, _ reader: inout NodeReader) {
        // `alerting:` with nothing under it was the whole section before it had keys, and still means the defaults.
        guard !reader.isNull(node) else { return }
        let known = ["evaluation_interval", "max_notification_age", "external_url", "rules", "receivers"]
        guard let fields = reader.fields(node, path: "alerting", known: known) else { return }
        if let value = fields["evaluation_interval"].flatMap({ reader.duration($0, path: "alerting.evaluation_interval") }) {
            evaluationInterval = value
        }
        if let value = fields["max_notification_age"].flatMap({ reader.duration($0, path: "alerting.max_notification_age") }) {
            maxNotificationAge = value
        }
        if let value = fields["external_url"].flatMap({ reader.string($0, path: "alerting.external_url") }) { externalURL = value }
        if let node = fields["rules"], let list = reader.sequence(node, path: "alerting.rules") {
            for (index, element) in list.enumerated() {
                let path = "alerting.rules[\(index)]"
                // A rule that cannot be read is left out; later checks still name the others by their file index.
                guard let rule = AlertRuleConfig(reading: element, path: path, &reader) else { continue }
                rules.append(rule)
                reader.elementPaths["alerting.rules", default: []].append(path)
            }
        }
        if let node = fields["receivers"] { receivers.read(node, &reader) }
    }
}

extension AlertRuleConfig {
    static let keys = ["alert", "pairs", "timeframes", "metric", "op", "threshold", "clear", "for", "severity", "labels", "annotations"]

    init?(reading node: Node, path: String, _ reader: inout NodeReader) {
        guard let fields = reader.fields(node, path: path, known: Self.keys) else { return nil }
        for required in ["alert", "metric", "op", "threshold"] where fields[required] == nil {
            reader.report(path, "missing key \"\(required)\"", at: node.mark)
        }
        let alert = fields["alert"].flatMap { reader.string($0, path: "\(path).alert") }
        let metric = fields["metric"].flatMap { reader.oneOf($0, path: "\(path).metric", as: AlertMetricName.self) }
        let op = fields["op"].flatMap { reader.alertOperator($0, path: "\(path).op") }
        let threshold = fields["threshold"].flatMap { reader.double($0, path: "\(path).threshold") }
        // The optional keys are read even when a required one is missing, so that all their problems show at once.
        var rule = AlertRuleConfig(alert: alert ?? "", metric: metric ?? .zscore, op: op ?? .greater, threshold: threshold ?? 0)
        rule.readOptional(fields, path: path, &reader)
        guard alert != nil, metric != nil, op != nil, threshold != nil else { return nil }
        self = rule
    }

    private mutating func readOptional(_ fields: [String: Node], path: String, _ reader: inout NodeReader) {
        if let node = fields["pairs"] { pairs = reader.symbols(node, path: "\(path).pairs") }
        if let node = fields["timeframes"] { timeframes = reader.timeframes(node, path: "\(path).timeframes") }
        if let value = fields["clear"].flatMap({ reader.double($0, path: "\(path).clear") }) { clear = value }
        if let value = fields["for"].flatMap({ reader.duration($0, path: "\(path).for") }) { forDuration = value }
        if let value = fields["severity"].flatMap({ reader.oneOf($0, path: "\(path).severity", as: AlertSeverity.self) }) { severity = value }
        if let map = fields["labels"].flatMap({ reader.stringMap($0, path: "\(path).labels") }) {
            for key in map.keys.sorted() {
                if let problem = Self.labelNameProblem(key) { reader.report("\(path).labels.\(key)", problem) }
            }
            labels = map
        }
        if let map = fields["annotations"].flatMap({ reader.stringMap($0, path: "\(path).annotations") }) {
            for (key, template) in map.sorted(by: { $0.key < $1.key }) {
                if !Self.isLabelName(key) { reader.report("\(path).annotations.\(key)", Self.nameMessage("an annotation", key)) }
                if let problem = Self.templateProblem(template) { reader.report("\(path).annotations.\(key)", problem) }
            }
            annotations = map
        }
    }
}

extension ReceiversConfig {
    mutating func read(_ node: Node, _ reader: inout NodeReader) {
        guard let fields = reader.fields(node, path: "alerting.receivers", known: ["webhooks", "alertmanager", "journald"]) else { return }
        if let node = fields["webhooks"], let list = reader.sequence(node, path: "alerting.receivers.webhooks") {
            for (index, element) in list.enumerated() {
                let path = "alerting.receivers.webhooks[\(index)]"
                guard let webhook = WebhookConfig(reading: element, path: path, &reader) else { continue }
                webhooks.append(webhook)
                reader.elementPaths["alerting.receivers.webhooks", default: []].append(path)
            }
        }
        if let node = fields["alertmanager"], let list = reader.sequence(node, path: "alerting.receivers.alertmanager") {
            for (index, element) in list.enumerated() {
                let path = "alerting.receivers.alertmanager[\(index)]"
                guard let alertmanager = AlertmanagerConfig(reading: element, path: path, index: index, &reader) else { continue }
                alertmanagers.append(alertmanager)
                reader.elementPaths["alerting.receivers.alertmanager", default: []].append(path)
            }
        }
        if let value = fields["journald"].flatMap({ reader.bool($0, path: "alerting.receivers.journald") }) { journald = value }
    }
}

extension WebhookConfig {
    init?(reading node: Node, path: String, _ reader: inout NodeReader) {
        guard let fields = reader.fields(node, path: path, known: ["name", "url", "secret_file", "timeout"]) else { return nil }
        for required in ["name", "url"] where fields[required] == nil {
            reader.report(path, "missing key \"\(required)\"", at: node.mark)
        }
        let name = fields["name"].flatMap { reader.string($0, path: "\(path).name") }
        let url = fields["url"].flatMap { reader.string($0, path: "\(path).url") }
        let secretFile = fields["secret_file"].flatMap { reader.string($0, path: "\(path).secret_file") }
        // Read now, so that a missing or unreadable key stops the load (or a reload) instead of a later delivery.
        let secret = secretFile.flatMap { reader.secret(at: $0, path: "\(path).secret_file") }
        let timeout = fields["timeout"].flatMap { reader.duration($0, path: "\(path).timeout") }
        guard let name, let url else { return nil }
        self.init(name: name, url: url, secretFile: secretFile, secret: secret, timeout: timeout ?? .seconds(5))
    }
}

extension AlertmanagerConfig {
    init?(reading node: Node, path: String, index: Int, _ reader: inout NodeReader) {
        guard let fields = reader.fields(node, path: path, known: ["name", "url", "timeout"]) else { return nil }
        if fields["url"] == nil { reader.report(path, "missing key \"url\"", at: node.mark) }
        let name = fields["name"].flatMap { reader.string($0, path: "\(path).name") }
        let url = fields["url"].flatMap { reader.string($0, path: "\(path).url") }
        let timeout = fields["timeout"].flatMap { reader.duration($0, path: "\(path).timeout") }
        guard let url, fields["name"] == nil || name != nil else { return nil }
        self.init(name: name ?? Self.defaultName(index: index), url: url, timeout: timeout ?? .seconds(10))
    }
}

extension NodeReader {
    /// `op:`, which must be quoted: YAML reads a bare `>` as the start of a folded text, so the value arrives empty.
    mutating func alertOperator(_ node: Node, path: String) -> AlertOperator? {
        if let scalar = node.scalar, scalar.style == .folded || scalar.style == .literal, AlertOperator(rawValue: scalar.string) == nil {
            let names = AlertOperator.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            report(path, "expected one of \(names), found a bare > (YAML starts a folded text there; write \">\" in quotes)", at: node.mark)
            return nil
        }
        return oneOf(node, path: path, as: AlertOperator.self)
    }

    /// The bytes of a secret file without the line breaks an editor leaves at its end; a problem is reported at
    /// `path` and gives nil.
    mutating func secret(at file: String, path: String) -> [UInt8]? {
        guard !file.isEmpty else {
            report(path, "must not be empty")
            return nil
        }
        let data: Data
        do {
            try FileAccess.checkReadable(file)
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            report(path, "cannot read \(FileAccessError.reading(file, error))")
            return nil
        }
        var bytes = [UInt8](data)
        while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard !bytes.isEmpty else {
            report(path, "\(file) is empty")
            return nil
        }
        return bytes
    }
}
