// SPDX-License-Identifier: Apache-2.0
import MarketData

/// The `alerting:` section: rules over the pair statistics and the receivers their notifications go to.
///
/// The configuration keeps its own copies of the metric, operator and severity names so that it does not depend on
/// the alerting engine; the daemon converts by raw value.
public struct AlertingConfig: Sendable, Equatable {
    /// Rules are also evaluated on this timer, not only after each bar, so that `feed_stale_seconds` fires on silence.
    public var evaluationInterval = ConfigDuration.seconds(10)
    /// A notification still undelivered after this long is dropped (and counted) instead of sent late.
    public var maxNotificationAge = ConfigDuration.hours(24)
    /// The address receivers link to; empty means the daemon derives it from its listen address.
    public var externalURL = ""
    public var rules: [AlertRuleConfig] = []
    public var receivers = ReceiversConfig()

    public init() {}
}

/// What a rule watches (`metric:`).
public enum AlertMetricName: String, Sendable, CaseIterable {
    case zscore
    case absZscore = "abs_zscore"
    case adfPValue = "adf_pvalue"
    case cointegrationPValue = "coint_pvalue"
    case halfLifeSeconds = "half_life_seconds"
    case correlation
    case feedStaleSeconds = "feed_stale_seconds"
}

/// How a rule compares the metric with its threshold (`op:`).
public enum AlertOperator: String, Sendable, CaseIterable {
    case greater = ">"
    case greaterOrEqual = ">="
    case less = "<"
    case lessOrEqual = "<="
}

public enum AlertSeverity: String, Sendable, CaseIterable {
    case critical, warning, info
}

/// One entry of `alerting.rules`.
public struct AlertRuleConfig: Sendable, Equatable {
    /// The `alertname` label.
    public var alert: String
    /// `A/B` names of configured pairs; nil means every pair.
    public var pairs: [String]?
    /// nil means every timeframe of each pair.
    public var timeframes: [Timeframe]?
    public var metric: AlertMetricName
    public var op: AlertOperator
    public var threshold: Double
    /// Hysteresis: a firing alert resolves only once the value is past this; nil means the threshold.
    public var clear: Double?
    /// How long the condition must hold before the alert fires (`for:`).
    public var forDuration = ConfigDuration.zero
    public var severity = AlertSeverity.warning
    /// Added to `alertname`, `pair`, `timeframe` and `severity`, which the rule cannot set here.
    public var labels: [String: String] = [:]
    /// Templates over `{{pair}}`, `{{timeframe}}`, `{{value}}`, `{{threshold}}`, `{{alertname}}` and `{{severity}}`.
    public var annotations: [String: String] = [:]

    public init(alert: String, metric: AlertMetricName, op: AlertOperator, threshold: Double) {
        self.alert = alert
        self.metric = metric
        self.op = op
        self.threshold = threshold
    }

    /// The placeholders an annotation may use.
    public static let placeholders = ["pair", "timeframe", "value", "threshold", "alertname", "severity"]
    /// The labels pairwatch sets on every alert.
    public static let reservedLabels = ["alertname", "pair", "timeframe", "severity"]
}

/// `alerting.receivers`: where notifications go. Rules without receivers are allowed (they still show in metrics).
public struct ReceiversConfig: Sendable, Equatable {
    public var webhooks: [WebhookConfig] = []
    /// The YAML key is `alertmanager`, a list.
    public var alertmanagers: [AlertmanagerConfig] = []
    public var journald = false

    public init(webhooks: [WebhookConfig] = [], alertmanagers: [AlertmanagerConfig] = [], journald: Bool = false) {
        self.webhooks = webhooks
        self.alertmanagers = alertmanagers
        self.journald = journald
    }

    /// The name of the journal receiver; no other receiver may take it.
    public static let journaldName = "journald"

    /// Every receiver's name: the webhooks, the Alertmanagers, then `journald` when it is on.
    public var names: [String] {
        webhooks.map(\.name) + alertmanagers.map(\.name) + (journald ? [Self.journaldName] : [])
    }
}

/// One webhook receiver, sent Alertmanager's webhook payload.
public struct WebhookConfig: Sendable, Equatable {
    public var name: String
    /// An absolute http:// or https:// URL.
    public var url: String
    /// The file the HMAC key was read from (`secret_file:`); nil sends no signature.
    public var secretFile: String?
    /// The key: the file's bytes without trailing line breaks, read when the configuration is loaded.
    public var secret: [UInt8]?
    public var timeout = ConfigDuration.seconds(5)

    public init(name: String, url: String, secretFile: String? = nil, secret: [UInt8]? = nil, timeout: ConfigDuration = .seconds(5)) {
        self.name = name
        self.url = url
        self.secretFile = secretFile
        self.secret = secret
        self.timeout = timeout
    }
}

/// One Alertmanager that firing and resolved alerts are pushed to.
public struct AlertmanagerConfig: Sendable, Equatable {
    /// `alertmanager` for the first entry without a name, `alertmanager-2` for the second, and so on.
    public var name: String
    /// The base URL, such as `http://127.0.0.1:9093`; the API path is appended.
    public var url: String
    public var timeout = ConfigDuration.seconds(10)

    public init(name: String, url: String, timeout: ConfigDuration = .seconds(10)) {
        self.name = name
        self.url = url
        self.timeout = timeout
    }

    /// The name an entry at `index` in the list gets when it has none.
    public static func defaultName(index: Int) -> String {
        index == 0 ? "alertmanager" : "alertmanager-\(index + 1)"
    }
}
