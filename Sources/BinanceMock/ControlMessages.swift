// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Answers the control messages a client sends on a stream connection (`SUBSCRIBE`, `UNSUBSCRIBE`,
/// `LIST_SUBSCRIPTIONS`) with Binance's replies and error codes.
struct ControlMessages {
    let tape: TradeTape
    let connection: Int

    /// The reply to one text message from the client.
    func reply(to text: String) -> String {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            return #"{"code":3,"msg":"Invalid JSON: expected an object"}"#
        }
        guard let id = Self.requestID(object["id"]) else {
            return #"{"code":2,"msg":"Invalid request: request ID must be an unsigned integer"}"#
        }
        switch object["method"] as? String {
        case "SUBSCRIBE": return change(object["params"], id: id, subscribe: true)
        case "UNSUBSCRIBE": return change(object["params"], id: id, subscribe: false)
        case "LIST_SUBSCRIPTIONS":
            let names = tape.subscriptions(connection: connection).map { "\"\($0)\"" }.joined(separator: ",")
            return "{\"result\":[\(names)],\"id\":\(id)}"
        default: return Self.error("Invalid request: unknown method", id: id)
        }
    }

    private func change(_ params: Any?, id: UInt64, subscribe: Bool) -> String {
        guard let names = params as? [Any], !names.isEmpty else {
            return Self.error("Invalid request: params must be a non-empty array of stream names", id: id)
        }
        var streams: [String] = []
        for name in names {
            guard let name = name as? String, let stream = tape.servedStream(name) else {
                return Self.error("Invalid request: invalid stream", id: id)
            }
            streams.append(stream)
        }
        if subscribe {
            tape.subscribe(connection: connection, streams: streams)
        } else {
            tape.unsubscribe(connection: connection, streams: streams)
        }
        return "{\"result\":null,\"id\":\(id)}"
    }

    /// An id Binance accepts: a JSON integer from 0 up (strings, fractions and negatives are refused).
    static func requestID(_ value: Any?) -> UInt64? {
        guard let value, !(value is String), let number = value as? NSNumber else { return nil }
        let double = number.doubleValue
        guard double >= 0, double.rounded() == double, double < 0x1p64 else { return nil }
        return number.uint64Value
    }

    private static func error(_ message: String, id: UInt64) -> String {
        "{\"code\":2,\"msg\":\"\(message)\",\"id\":\(id)}"
    }
}
