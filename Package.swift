// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "o2c",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "o2c", targets: ["o2c"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    ],
    targets: [
        .target(name: "O2CCore", swiftSettings: strict),
        .target(name: "O2CExpression", swiftSettings: strict),
        .systemLibrary(
            name: "CCurl",
            path: "Sources/CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "O2CLLM", dependencies: ["CCurl"], swiftSettings: strict),
        .systemLibrary(
            name: "CLibXML2",
            path: "Sources/CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "O2CDocuments",
            dependencies: [
                "O2CCore", "O2CLedger", "CLibXML2",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources/camt")],
            swiftSettings: strict
        ),
        .target(name: "O2CCashApplication", dependencies: ["O2CCore", "O2CLedger", "O2CDocuments"], swiftSettings: strict),
        .target(name: "O2CLLMTesting", dependencies: ["O2CLLM"], swiftSettings: strict),
        .target(
            name: "O2CAgents",
            dependencies: [
                "O2CCore", "O2CLedger", "O2CLLM", "O2CLLMTesting",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "O2CLedger",
            dependencies: [
                "O2CCore", "O2CExpression",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "O2CServer",
            dependencies: [
                "O2CCore", "O2CLedger", "O2CAgents", "O2CLLM",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "o2c",
            dependencies: [
                "O2CCore", "O2CLedger", "O2CAgents", "O2CLLM", "O2CLLMTesting", "O2CServer", "O2CDocuments", "O2CCashApplication",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "O2CCoreTests", dependencies: ["O2CCore"], swiftSettings: strict),
        .testTarget(name: "O2CExpressionTests", dependencies: ["O2CExpression"], swiftSettings: strict),
        .testTarget(name: "O2CLLMTests", dependencies: ["O2CLLM", "O2CLLMTesting"], swiftSettings: strict),
        .testTarget(
            name: "O2CLedgerTests",
            dependencies: [
                "O2CLedger", "O2CCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "O2CDocumentsTests",
            dependencies: ["O2CDocuments", "O2CLedger", "O2CCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "O2CCashApplicationTests",
            dependencies: [
                "O2CCashApplication", "O2CDocuments", "O2CLedger", "O2CCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "O2CCLITests", dependencies: ["O2CCore", "O2CLLMTesting"], swiftSettings: strict),
        .testTarget(
            name: "O2CServerTests",
            dependencies: ["O2CServer", "O2CCore", "O2CLedger", "O2CAgents", "O2CLLM", "O2CLLMTesting", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "O2CAgentsTests",
            dependencies: ["O2CAgents", "O2CCore", "O2CLedger", "O2CLLM", "O2CLLMTesting"],
            swiftSettings: strict
        ),
    ]
)
