// swift-tools-version:6.1
import PackageDescription

/// Sigil: a self-hosted identity service that behaves like Amazon Cognito.
/// Imports point down only: sigil → SigilStore/SigilCore → SigilCrypto → C shims.
let package = Package(
    name: "Sigil",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sigil", targets: ["sigil"]),
        .executable(name: "sigil-bench", targets: ["sigil-bench"]),
        .executable(name: "crypto-bench", targets: ["crypto-bench"]),
        .executable(name: "signin-bench", targets: ["signin-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
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
        .target(name: "SigilCrypto", dependencies: ["COpenSSL"]),
        .target(
            name: "SigilCore",
            dependencies: ["SigilCrypto"],
            resources: [.copy("Resources/cognito-idp.model.json")]
        ),
        .target(
            name: "SigilStore",
            dependencies: ["SigilCore", "SigilCrypto", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .executableTarget(
            name: "sigil",
            dependencies: [
                "SigilCore", "SigilStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "sigil-bench",
            dependencies: ["SigilCore", "SigilStore"]
        ),
        .executableTarget(name: "crypto-bench", dependencies: ["SigilCrypto"]),
        .executableTarget(name: "signin-bench", dependencies: ["SigilCore", "SigilStore", "SigilCrypto"]),
        .testTarget(name: "SigilCryptoTests", dependencies: ["SigilCrypto"]),
        .testTarget(name: "SystemLibraryTests", dependencies: ["CNCurses"]),
        .testTarget(name: "SigilCoreTests", dependencies: ["SigilCore", "SigilStore", "SigilCrypto"]),
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
