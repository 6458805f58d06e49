// swift-tools-version:6.1
// SPDX-License-Identifier: Apache-2.0
import PackageDescription

// A separate package so benchmarks never slow the main build. Sources are shared through symlinks instead
// of library products: PairStats has no dependencies, ExporterCore is the part of the Exporter target
// that renders and serves /metrics (registry, encoder, routes), without the collectors that need Storage, and
// the seeded generator (MarketData's SplitMix64.swift) is symlinked into PairStatsBench.
let swiftSettings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "pairwatch-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
    ],
    targets: [
        .target(name: "PairStats", swiftSettings: swiftSettings),
        .executableTarget(name: "PairStatsBench", dependencies: ["PairStats"], swiftSettings: swiftSettings),
        .systemLibrary(name: "CSystemZlib"),
        .target(name: "CAllocCounter"),
        .target(
            name: "ExporterCore",
            dependencies: [
                "CSystemZlib",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ScrapeBench",
            dependencies: ["CAllocCounter", "ExporterCore", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: swiftSettings
        ),
    ]
)
