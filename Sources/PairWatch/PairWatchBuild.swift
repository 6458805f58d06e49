// SPDX-License-Identifier: Apache-2.0
import CBuildInfo
import Exporter

/// What `pairwatch version` prints and `pairwatch_build_info` exports.
public enum PairWatchBuild {
    public static let version = "0.1.0"

    public static var revision: String {
        String(cString: pairwatch_build_revision())
    }

    /// The compiler's language version, to the precision `#if swift` allows.
    public static var swiftVersion: String {
        #if swift(>=6.4)
            return "6.4"
        #elseif swift(>=6.3)
            return "6.3"
        #elseif swift(>=6.2)
            return "6.2"
        #elseif swift(>=6.1)
            return "6.1"
        #else
            return "6.0"
        #endif
    }

    public static var info: BuildInfo {
        BuildInfo(version: version, revision: revision, swiftVersion: swiftVersion)
    }
}
