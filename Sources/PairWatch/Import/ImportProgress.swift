// SPDX-License-Identifier: Apache-2.0
import Foundation
import Synchronization

/// Progress of an import on stderr: a bar redrawn in place on a terminal (bytes, rows/s, ETA), a plain line
/// every few seconds otherwise, so logs stay readable.
public final class ImportProgress: Sendable {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let started = ContinuousClock.now
    private let lastDraw = Mutex(ContinuousClock.now)
    private let file: String
    private let totalBytes: Int64?

    public init(file: String) {
        self.file = file
        self.totalBytes = file == "-" ? nil : (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value
    }

    public func update(bytes: Int64, rows: Int) {
        let interval: Duration = isTerminal ? .milliseconds(200) : .seconds(5)
        let due = lastDraw.withLock { last -> Bool in
            guard last.duration(to: .now) >= interval else { return false }
            last = .now
            return true
        }
        guard due else { return }
        let seconds = max(elapsedSeconds, 1e-3)
        var text = "\(file): \(Self.megabytes(bytes)) MB, \(rows) rows, \(Int(Double(rows) / seconds)) rows/s"
        // A zip's compressed size does not measure progress through its CSV, so no ETA for it.
        if let totalBytes, totalBytes > 0, bytes <= totalBytes, !file.lowercased().hasSuffix(".zip") {
            let eta = Double(totalBytes - bytes) / max(Double(bytes) / seconds, 1)
            text += String(format: ", %.0f%%, ETA %.0fs", 100 * Double(bytes) / Double(totalBytes), eta)
        }
        write(isTerminal ? "\r\u{1B}[2K" + text : text + "\n")
    }

    /// Clears the bar so the summary starts on a clean line.
    public func finish() {
        if isTerminal { write("\r\u{1B}[2K") }
    }

    public var elapsedSeconds: Double {
        let elapsed = started.duration(to: .now)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.1f", Double(bytes) / 1_048_576)
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
