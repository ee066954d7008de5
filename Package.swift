// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "PeopleSync",
  products: [
    .executable(name: "peoplesync", targets: ["peoplesync"]),
    // For the benchmarks, a package of their own (Benchmarks/): the seeded generator of people
    // (also the tests') and the HTTP server that plays an HR system's API there.
    .library(name: "SnapshotGenerator", targets: ["SnapshotGenerator"]),
    .library(name: "HTTPServer", targets: ["HTTPServer"]),
  ],
  targets: [
    .systemLibrary(
      name: "CLibGit2",
      pkgConfig: "libgit2",
      providers: [.apt(["libgit2-dev"])]
    ),
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
    .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
    .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
    .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
    .target(name: "HTTPServer", dependencies: ["CMicroHTTPD"]),
    // The pack and loose object files PeopleSync writes itself (docs/pack-format.md); GitKit wraps libgit2 around them.
    .target(name: "PackKit", dependencies: ["CZlib", "CLibCrypto"]),
    // PackKit, GitKit and PeopleSyncCore declare `public`, not `package`: release builds inline small
    // public functions into other modules (SwiftPM's default cross-module optimisation), not package
    // ones, and the sync's hot loops call them a million times (as `package`, the 1M daily sync took
    // about 30% more CPU). The modules above them use `package`.
    .target(name: "GitKit", dependencies: ["PackKit", "CLibGit2"]),
    .target(name: "PeopleSyncCrypto", dependencies: ["CSodium"]),
    .target(name: "PeopleSyncCore"),
    .target(name: "HTTPClient", dependencies: ["CCurl"]),
    .target(name: "PeopleSyncApp", dependencies: ["PeopleSyncCore", "GitKit", "PeopleSyncCrypto", "HTTPServer", "HTTPClient"]),
    .target(name: "PeopleSyncCLI", dependencies: ["PeopleSyncApp", "PeopleSyncCore", "HTTPServer"]),
    .executableTarget(name: "peoplesync", dependencies: ["PeopleSyncCLI"]),
    .target(name: "SnapshotGenerator", dependencies: ["PeopleSyncCore"]),
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "PeopleSyncCoreTests", dependencies: ["PeopleSyncCore", "SnapshotGenerator", "TestSupport"]),
    .testTarget(name: "GitKitTests", dependencies: ["GitKit", "TestSupport"]),
    .testTarget(name: "PackKitTests", dependencies: ["PackKit", "GitKit", "TestSupport"]),
    .testTarget(name: "PeopleSyncCryptoTests", dependencies: ["PeopleSyncCrypto"]),
    .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "TestSupport"]),
    .testTarget(
      name: "PeopleSyncAppTests", dependencies: ["PeopleSyncApp", "PeopleSyncCore", "PeopleSyncCrypto", "GitKit", "TestSupport"]),
    .testTarget(
      name: "PeopleSyncCLITests",
      dependencies: ["PeopleSyncCLI", "PeopleSyncApp", "PeopleSyncCore", "GitKit", "SnapshotGenerator", "TestSupport", "HTTPServer"]
    ),
  ]
)
