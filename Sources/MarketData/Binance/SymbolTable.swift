// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// The `String` of a trade's symbol bytes, made without a heap allocation per frame.
///
/// Swift stores strings of up to 15 UTF-8 bytes inline (its small-string form), so nearly every futures symbol
/// (`BTCUSDT`, `1000SHIBUSDT`) costs no allocation when made afresh. Longer ones are kept in a small shared table
/// and handed out again; the table is bounded, so a stream of made-up symbols cannot grow it without limit.
enum SymbolTable {
    static let capacity = 1_024
    private static let smallStringBytes = 15
    private static let long = Mutex<[String]>([])

    static func string(_ bytes: UnsafeRawBufferPointer) -> String {
        guard bytes.count > smallStringBytes else { return String(decoding: bytes, as: UTF8.self) }
        return long.withLock { table in
            if let known = table.first(where: { $0.utf8.elementsEqual(bytes) }) { return known }
            let made = String(decoding: bytes, as: UTF8.self)
            if table.count < capacity { table.append(made) }
            return made
        }
    }
}
