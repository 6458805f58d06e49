// swift-tools-version:6.1
// SPDX-License-Identifier: Apache-2.0
import PackageDescription

// A separate package so benchmarks never slow the main build. PairStats has no dependencies, so its
// sources are shared through the Sources/PairStats symlink instead of a library product; the seeded generator
// (MarketData's SplitMix64.swift) is symlinked into PairStatsBench the same way.
let package = Package(
    name: "pairwatch-benchmarks",
    platforms: [.macOS(.v15)],
    targets: [
        .target(name: "PairStats", swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
        .executableTarget(
            name: "PairStatsBench",
            dependencies: ["PairStats"],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
    ]
)
