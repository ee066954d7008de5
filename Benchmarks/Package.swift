// swift-tools-version:6.0
import PackageDescription

// The benchmarks: `peoplesync-bench` (sync on generated populations) and `peoplesync-scim-bench`
// (SCIM writes and reads, against scim2-server). Each runs the product's real `peoplesync` binary;
// they depend on the product's package by path for the people generator and the HTTP server, so
// building the product never builds them. Build with `swift build -c release --package-path Benchmarks`.
let package = Package(
  name: "PeopleSyncBenchmarks",
  products: [
    .executable(name: "peoplesync-bench", targets: ["PeopleSyncBench"]),
    .executable(name: "peoplesync-scim-bench", targets: ["SCIMBench"]),
  ],
  dependencies: [.package(name: "PeopleSync", path: "..")],
  targets: [
    .target(name: "BenchSupport"),
    .executableTarget(
      name: "PeopleSyncBench",
      dependencies: [
        "BenchSupport", .product(name: "SnapshotGenerator", package: "PeopleSync"), .product(name: "HTTPServer", package: "PeopleSync"),
      ]
    ),
    .executableTarget(name: "SCIMBench", dependencies: ["BenchSupport"]),
  ]
)
