// SPDX-License-Identifier: Apache-2.0
import AsyncHTTPClient

extension HTTPClient.Configuration {
    /// The HTTP client configuration for the webhook and Alertmanager notifiers: redirects are answers, not
    /// directions, so a receiver's 3xx comes back to the notifier (which rejects the delivery) instead of sending
    /// the signed body and its idempotency key to wherever `Location` points. A refused connection fails the attempt
    /// at once rather than being retried by the client until the timeout: the delivery worker owns retries.
    public static var notifiers: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }
}
