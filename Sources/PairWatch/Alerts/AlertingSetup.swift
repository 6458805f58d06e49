// SPDX-License-Identifier: Apache-2.0
import Alerting
import AsyncHTTPClient
import Exporter
import Foundation
import Logging
import PairWatchConfig

/// The one conversion from the file's `alerting:` section to alerting's rules, receivers and settings.
enum AlertingSetup {
    static func rules(_ configuration: AlertingConfig) -> [AlertRule] {
        configuration.rules.map { rule in
            AlertRule(
                name: rule.alert, pairs: rule.pairs, timeframes: rule.timeframes, metric: AlertMetric(rule.metric),
                comparison: AlertComparison(rule.op), threshold: rule.threshold, clear: rule.clear, forMs: rule.forDuration.milliseconds,
                severity: rule.severity.rawValue, labels: rule.labels, annotations: rule.annotations)
        }
    }

    /// Every configured receiver: webhooks, then Alertmanagers, then the journal.
    static func notifiers(
        _ configuration: AlertingConfig, externalURL: String, client: HTTPClient, nowMs: @escaping @Sendable () -> Int64, logger: Logger
    ) -> [any Notifier] {
        let receivers = configuration.receivers
        let webhooks: [any Notifier] = receivers.webhooks.map { webhook in
            WebhookNotifier(
                name: webhook.name, url: webhook.url, secret: webhook.secret, timeout: webhook.timeout.duration, externalURL: externalURL,
                client: client)
        }
        let alertmanagers: [any Notifier] = receivers.alertmanagers.map { alertmanager in
            AlertmanagerNotifier(
                name: alertmanager.name, url: alertmanager.url, timeout: alertmanager.timeout.duration, externalURL: externalURL,
                resendHorizon: resendHorizon(configuration), client: client, nowMs: nowMs)
        }
        return webhooks + alertmanagers + (receivers.journald ? [JournalNotifier(logger: logger)] : [])
    }

    static func settings(_ configuration: AlertingConfig, seed: UInt64) -> AlertingSettings {
        AlertingSettings(
            evaluationInterval: configuration.evaluationInterval.duration,
            delivery: DeliverySettings(maxAgeMs: configuration.maxNotificationAge.milliseconds), seed: seed)
    }

    /// A firing alert sent to Alertmanager stays valid for four re-send periods, as Prometheus sets `endsAt`
    /// (`4 × max(evaluation interval, resend delay)`), so one lost re-send does not resolve it.
    static func resendHorizon(_ configuration: AlertingConfig) -> Duration {
        max(configuration.evaluationInterval.duration, .seconds(60)) * 4
    }

    /// `alerting.external_url`, or this daemon's address as receivers should link back to it.
    static func externalURL(_ configuration: AlertingConfig, listenAddress: ListenAddress) -> String {
        guard configuration.externalURL.isEmpty else {
            return configuration.externalURL.hasSuffix("/") ? configuration.externalURL : configuration.externalURL + "/"
        }
        let everywhere = ["0.0.0.0", "::", ""].contains(listenAddress.host)
        let host = everywhere ? ProcessInfo.processInfo.hostName : String(listenAddress.description.dropLast(":\(listenAddress.port)".count))
        return "http://\(host):\(listenAddress.port)/"
    }
}

extension AlertMetric {
    init(_ name: AlertMetricName) {
        switch name {
        case .zscore: self = .zscore
        case .absZscore: self = .absZscore
        case .adfPValue: self = .adfPValue
        case .cointegrationPValue: self = .cointegrationPValue
        case .halfLifeSeconds: self = .halfLifeSeconds
        case .correlation: self = .correlation
        case .feedStaleSeconds: self = .feedStaleSeconds
        }
    }
}

extension AlertComparison {
    init(_ op: AlertOperator) {
        switch op {
        case .greater: self = .greater
        case .greaterOrEqual: self = .greaterOrEqual
        case .less: self = .less
        case .lessOrEqual: self = .lessOrEqual
        }
    }
}
