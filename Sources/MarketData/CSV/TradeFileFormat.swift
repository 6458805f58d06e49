// SPDX-License-Identifier: Apache-2.0
import Foundation

/// The trade CSV layouts pairwatch reads.
///
/// - `seed`: `timestamp,symbol,price,size[,is_buyer_maker]`, timestamp in milliseconds or ISO 8601; no exchange id.
/// - `aggtrades`: Binance futures aggregate trades from data.binance.vision,
///   `agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker`.
/// - `trades`: Binance futures trades, `id,price,qty,quote_qty,time,is_buyer_maker`.
public enum TradeFileFormat: String, Sendable, CaseIterable {
    case seed, aggtrades, trades

    /// Column names of the header line, when a file has one.
    var header: [String] {
        switch self {
        case .seed: return ["timestamp", "symbol", "price", "size", "is_buyer_maker"]
        case .aggtrades: return ["agg_trade_id", "price", "quantity", "first_trade_id", "last_trade_id", "transact_time", "is_buyer_maker"]
        case .trades: return ["id", "price", "qty", "quote_qty", "time", "is_buyer_maker"]
        }
    }

    public static var knownNames: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Classifies a file by its header line, or, for Binance files without one, by the field count and the name
    /// (`BTCUSDT-aggTrades-2024-01-01.csv`, `BTCUSDT-trades-2024-01-01.zip`). nil when nothing fits.
    public static func detect(fileName: String, firstLine: String) -> TradeFileFormat? {
        let unmarked = firstLine.hasPrefix("\u{FEFF}") ? String(firstLine.dropFirst()) : firstLine
        let fields = unmarked.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        }
        if let format = allCases.first(where: { $0.matchesHeader(fields) }) { return format }
        let name = baseName(fileName).lowercased()
        if name.contains("-aggtrades-"), fields.count == 7 { return .aggtrades }
        if name.contains("-trades-"), fields.count == 6 { return .trades }
        switch fields.count {
        case 7: return .aggtrades
        case 6: return .trades
        case 4, 5: return fields[1].first?.isLetter == true ? .seed : nil
        default: return nil
        }
    }

    private func matchesHeader(_ fields: [String]) -> Bool {
        self == .seed ? (fields == header || fields == Array(header.prefix(4))) : fields == header
    }

    /// The symbol a data.binance.vision file name starts with (`BTCUSDT-aggTrades-2024-01-01.zip` → BTCUSDT).
    public static func symbol(fromFileName fileName: String) -> String? {
        let name = baseName(fileName)
        guard let dash = name.firstIndex(of: "-") else { return nil }
        let symbol = String(name[..<dash])
        let valid = !symbol.isEmpty && symbol.utf8.allSatisfy { (65...90).contains($0) || (48...57).contains($0) }
        return valid ? symbol : nil
    }

    private static func baseName(_ path: String) -> Substring {
        path.split(separator: "/").last ?? Substring(path)
    }
}
