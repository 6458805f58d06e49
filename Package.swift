// swift-tools-version:6.1
// SPDX-License-Identifier: Apache-2.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

/// The revision `pairwatch version` and `pairwatch_build_info` report: the commit, marked when the tree has changes.
let revision: String = {
    guard let git = Context.gitInformation else { return "unknown" }
    return String(git.currentCommit.prefix(12)) + (git.hasUncommittedChanges ? "-dirty" : "")
}()

let package = Package(
    name: "pairwatch",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pairwatch", targets: ["pairwatch"]),
        // For the separate Benchmarks/ package only (statistics, the monitor, the scrape and alerting in-process); not a stable API.
        .library(name: "PairWatchKit", targets: ["PairStats", "MarketData", "Storage", "Pipeline", "Exporter", "Alerting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-async-algorithms", from: "1.1.4"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    ],
    targets: [
        // Pure statistics: no dependencies, so it can be tested and benchmarked alone.
        .target(name: "PairStats", swiftSettings: swiftSettings),
        .target(name: "MarketData", swiftSettings: swiftSettings),
        // The system zlib, for gzip-compressed /metrics responses.
        .systemLibrary(name: "CSystemZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "CBuildInfo", cSettings: [.define("PAIRWATCH_REVISION", to: "\"\(revision)\"")]),
        .target(
            name: "Storage",
            dependencies: [
                "MarketData",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Feeds",
            dependencies: [
                "MarketData",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "WSClient", package: "swift-websocket"),
            ],
            swiftSettings: swiftSettings
        ),
        // A local Binance futures stand-in (combined aggTrade streams and the REST aggTrades endpoint) with a
        // scriptable fault injector, for the feed's tests, the gapless soak and demos without internet.
        .target(
            name: "BinanceMock",
            dependencies: [
                "MarketData",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "binance-mock",
            dependencies: [
                "BinanceMock",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The data path after the feeds: ingest, bar events, import, and the pair monitor with its snapshot board.
        .target(
            name: "Pipeline",
            dependencies: [
                "MarketData",
                "PairStats",
                "Storage",
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings
        ),
        // libsystemd, for writing alert transitions to the journal with sd_journal_sendv.
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        // Alert rules and their state machine, the durable outbox and one notifier per folder under Notify/.
        .target(
            name: "Alerting",
            dependencies: [
                "CSystemd",
                "MarketData",
                "Pipeline",
                "Storage",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PairWatchConfig",
            dependencies: ["MarketData", "PairStats", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Exporter",
            dependencies: [
                "Alerting",
                "CSystemZlib",
                "Feeds",
                "MarketData",
                "PairWatchConfig",
                "Pipeline",
                "Storage",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PairWatch",
            dependencies: [
                "Alerting",
                "CBuildInfo",
                "CSystemd",
                "PairWatchConfig",
                "Exporter",
                "Feeds",
                "MarketData",
                "PairStats",
                "Pipeline",
                "Storage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "pairwatch",
            dependencies: [
                "MarketData",
                "PairWatch",
                "PairWatchConfig",
                "Pipeline",
                "Storage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Helpers every test target may use: a manual clock, seeded random numbers, temporary folders, sockets and local
        // stand-ins for alert receivers (a recording HTTP receiver, the real Alertmanager).
        .target(
            name: "TestSupport",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "PairStatsTests", dependencies: ["PairStats"], resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(name: "MarketDataTests", dependencies: ["MarketData", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "StorageTests",
            dependencies: ["Storage", "MarketData", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FeedsTests",
            dependencies: ["BinanceMock", "Feeds", "MarketData", "TestSupport", .product(name: "WSClient", package: "swift-websocket")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AlertingTests",
            dependencies: [
                "Alerting", "MarketData", "PairStats", "Pipeline", "Storage", "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PairWatchConfigTests",
            dependencies: ["PairWatchConfig", "TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ExporterTests",
            dependencies: [
                "Alerting", "CSystemZlib", "Exporter", "Feeds", "MarketData", "PairWatchConfig", "Pipeline", "Storage", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PipelineTests",
            dependencies: [
                "Pipeline", "MarketData", "PairStats", "Storage", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PairWatchTests",
            dependencies: [
                "BinanceMock", "PairWatch", "Pipeline", "pairwatch", .product(name: "HummingbirdTesting", package: "hummingbird"),
                "TestSupport", .product(name: "Crypto", package: "swift-crypto"), .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
