// swift-tools-version:6.1
// SPDX-License-Identifier: Apache-2.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

// A separate package so benchmarks never slow the main build. It reaches the daemon's code through the main
// package's `PairWatchKit` library (named here, since a path dependency is otherwise known by its folder's name,
// which differs between clones), and counts allocations with ordo-one's malloc interposer (loaded by LD_PRELOAD).
let package = Package(
    name: "pairwatch-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "pairwatch", path: ".."),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/ordo-one/malloc-interposer", from: "1.6.1"),
    ],
    targets: [
        .executableTarget(
            name: "PairStatsBench",
            dependencies: [.product(name: "PairWatchKit", package: "pairwatch")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "MonitorBench",
            dependencies: [
                .product(name: "PairWatchKit", package: "pairwatch"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
