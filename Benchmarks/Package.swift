// swift-tools-version:6.1
// SPDX-License-Identifier: Apache-2.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

// A separate package so benchmarks never slow the main build. It reaches the daemon's code through the main
// package's `PairWatchKit` library (named here, since a path dependency is otherwise known by its folder's name,
// which differs between clones), and counts allocations with CAllocCounter, a malloc interposer linked into the
// executables that measure them.
let package = Package(
    name: "pairwatch-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "pairwatch", path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
    ],
    targets: [
        .target(name: "CAllocCounter"),
        // The benchmark market, the pair monitor run on it and the measuring helpers, shared by the executables.
        .target(
            name: "BenchSupport",
            dependencies: [
                "CAllocCounter",
                .product(name: "PairWatchKit", package: "pairwatch"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "PairStatsBench",
            dependencies: [.product(name: "PairWatchKit", package: "pairwatch")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "MonitorBench",
            dependencies: [
                "BenchSupport",
                "CAllocCounter",
                .product(name: "PairWatchKit", package: "pairwatch"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FeedBench",
            dependencies: [.product(name: "PairWatchKit", package: "pairwatch"), .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ScrapeBench",
            dependencies: [
                "CAllocCounter", .product(name: "PairWatchKit", package: "pairwatch"), .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "AlertBench",
            dependencies: [
                "BenchSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PairWatchKit", package: "pairwatch"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "StreamBench",
            dependencies: [
                "BenchSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PairWatchKit", package: "pairwatch"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
