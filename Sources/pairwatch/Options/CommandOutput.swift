// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation

/// How every command reports a failure: the error's own text on stderr, which starts with what it is about
/// (`FILE:LINE:COL: …`, `PATH: no such file`, `--flag: …`), and exit code 1. No `Error:` prefix, as the
/// Prometheus exporters print theirs, so the same condition reads the same whichever command met it.
enum CommandFailure {
    static func reporting<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
    }

    static func reporting<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
    }
}

func printError(_ text: String) {
    var stderr = StandardError()
    print(text, to: &stderr)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
