// swift-tools-version:6.1
import PackageDescription

/// Sigil: a self-hosted identity service that behaves like Amazon Cognito.
/// Imports point down only:
///   sigil (the command line: wires everything together)
///     → SigilRemote (the console's backend for a remote Cognito API)
///     → SigilConsole (terminal UI), SigilServer (HTTP), SigilAdapters (store opening, key files,
///       outside identity providers, threat-protection files)
///     → SigilStore (SQLite storage) → SigilCore (the engine and its ports)
///     → SigilCrypto (OpenSSL) → SigilJSON (JSON values) and the C shims
///       (SigilQR draws QR codes with libqrencode for the console and the pages).
let package = Package(
    name: "Sigil",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sigil", targets: ["sigil"]),
        .executable(name: "sigil-bench", targets: ["sigil-bench"]),
        .executable(name: "crypto-bench", targets: ["crypto-bench"]),
        .executable(name: "signin-bench", targets: ["signin-bench"]),
        .executable(name: "console-bench", targets: ["console-bench"]),
        .executable(name: "pwned-bench", targets: ["pwned-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CNCurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        .systemLibrary(
            name: "CQREncode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        .target(name: "SigilJSON"),
        .target(name: "SigilQR", dependencies: ["CQREncode"]),
        .target(name: "SigilCrypto", dependencies: ["COpenSSL", "SigilJSON"]),
        .target(
            name: "SigilCore",
            dependencies: ["SigilCrypto", "SigilJSON"],
            resources: [
                .copy("Resources/cognito-idp.model.json"), .copy("Resources/cognito-identity.model.json"), .copy("Resources/ip-locations.csv"),
                .copy("Resources/common-passwords.txt"), .copy("Resources/common-passwords.LICENSE"),
            ]
        ),
        .target(
            name: "SigilStore",
            dependencies: ["SigilCore", "SigilCrypto", "SigilJSON", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "SigilAdapters",
            dependencies: [
                "SigilCore", "SigilStore", "SigilCrypto", "SigilJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.copy("Functions/Runtimes")]
        ),
        .target(
            name: "SigilServer",
            dependencies: [
                "SigilCore", "SigilCrypto", "SigilJSON", "SigilQR",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            resources: [.copy("Pages")]
        ),
        .target(
            name: "SigilConsole",
            dependencies: ["SigilCore", "SigilCrypto", "SigilJSON", "CNCurses", "SigilQR"]
        ),
        // The console's remote backend: the Cognito APIs over HTTP, signed with SigV4.
        .target(name: "SigilRemote", dependencies: ["SigilConsole", "SigilCore", "SigilCrypto", "SigilJSON"]),
        // The example trigger handlers, shipped for `sigil demo --triggers`.
        .target(name: "SigilExamples", path: "examples", resources: [.copy("triggers")]),
        .executableTarget(
            name: "sigil",
            dependencies: [
                "SigilCore", "SigilStore", "SigilAdapters", "SigilServer", "SigilConsole", "SigilExamples", "SigilRemote",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "sigil-bench",
            dependencies: ["SigilCore", "SigilAdapters", "BenchSupport"]
        ),
        .executableTarget(name: "crypto-bench", dependencies: ["SigilCrypto", "SigilJSON"]),
        .executableTarget(name: "signin-bench", dependencies: ["SigilCore", "SigilAdapters", "SigilCrypto", "SigilJSON", "BenchSupport"]),
        .target(name: "BenchSupport"),
        .executableTarget(name: "console-bench", dependencies: ["SigilConsole", "SigilCore", "SigilAdapters", "SigilRemote", "BenchSupport"]),
        .executableTarget(name: "pwned-bench", dependencies: ["SigilAdapters", "BenchSupport"]),
        .testTarget(name: "SigilJSONTests", dependencies: ["SigilJSON"]),
        .testTarget(name: "SigilCryptoTests", dependencies: ["SigilCrypto", "SigilJSON"]),
        .testTarget(name: "SystemLibraryTests", dependencies: ["CNCurses"]),
        .testTarget(name: "SigilConsoleTests", dependencies: ["SigilConsole", "SigilCore", "SigilStore", "SigilCrypto", "SigilJSON"]),
        .testTarget(
            name: "SigilRemoteTests", dependencies: ["SigilRemote", "SigilServer", "SigilConsole", "SigilStore", "SigilCore", "SigilCrypto"]),
        .testTarget(name: "SigilServerTests", dependencies: ["SigilServer", "SigilStore", "SigilCore", "SigilCrypto", "SigilJSON"]),
        .testTarget(name: "SigilCoreTests", dependencies: ["SigilCore", "SigilStore", "SigilCrypto", "SigilJSON"]),
        .testTarget(
            name: "SigilAdaptersTests",
            dependencies: ["SigilAdapters", "SigilStore", "SigilCore", "SigilCrypto", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "SigilStoreTests",
            dependencies: ["SigilStore", "SigilCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "SigilCLITests",
            dependencies: ["sigil", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
