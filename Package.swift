// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "o2c",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "o2c", targets: ["o2c"]),
        // For the fuzz package (Fuzz/Package.swift) only: the parsers and loaders it drives.
        .library(name: "O2CFuzzSurface", targets: ["O2CCore", "O2CExpression", "O2CYAML", "O2CLedger", "O2CAgents", "O2CDocuments", "O2CLLM"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        .target(name: "O2CCore", swiftSettings: strict),
        .target(name: "O2CExpression", dependencies: ["O2CCore"], swiftSettings: strict),
        // The one reader of the YAML files people write: positions kept, problems as Diagnostics.
        .target(name: "O2CYAML", dependencies: ["O2CCore", .product(name: "Yams", package: "Yams")], swiftSettings: strict),
        .systemLibrary(
            name: "CCurl",
            path: "Sources/CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "O2CLLM", dependencies: ["O2CCore", "CCurl", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        .target(name: "O2CMail", dependencies: ["O2CCore", "CCurl"], swiftSettings: strict),
        .target(name: "O2CScriptedModel", dependencies: ["O2CCore", "O2CLLM"], swiftSettings: strict),
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
        .target(name: "O2CCashApplication", dependencies: ["O2CCore", "O2CLedger", "O2CDocuments", .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: strict),
        .target(
            name: "O2CAgents",
            dependencies: [
                "O2CCore", "O2CYAML", "O2CLedger", "O2CLLM", "O2CScriptedModel",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            // The shipped guardrails/content files (Resources/ links to them), compiled in: the
            // built-in content policy is those files, not a copy.
            resources: [
                .embedInCode("Resources/injection.yaml"), .embedInCode("Resources/pii.yaml"), .embedInCode("Resources/dunning.yaml"),
            ],
            swiftSettings: strict
        ),
        .target(name: "CSQLiteTuning", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        .target(
            name: "O2CLedger",
            dependencies: [
                "O2CCore", "O2CExpression", "O2CYAML", "CSQLiteTuning",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "O2CWorkflow",
            dependencies: [
                "O2CCore", "O2CYAML", "O2CLedger", "O2CAgents", "O2CDocuments", "O2CCashApplication", "O2CMail",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "O2CServer",
            dependencies: [
                "O2CCore", "O2CLedger", "O2CAgents", "O2CLLM",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // Resources/openapi.yaml links to the repository's openapi.yaml (SPEC §11 keeps it at
            // the root); it is compiled into the binary, so no resource bundle travels with o2c.
            resources: [.embedInCode("Resources/openapi.yaml"), .embedInCode("Resources/rep.html"), .embedInCode("Resources/rep.js"),
                        .embedInCode("Resources/rep.css")],
            swiftSettings: strict
        ),
        // E-invoices (UBL 2.1 / Peppol BIS Billing 3.0) and report pages (HTML with inline SVG):
        // renderings of what the ledger's public reads return.
        .target(name: "O2CEInvoice", dependencies: ["O2CCore", "O2CLedger"], swiftSettings: strict),
        .target(name: "O2CReportPages", dependencies: ["O2CCore", "O2CLedger", "O2CEInvoice"], swiftSettings: strict),
        // Demo data and benchmarks: clients of the ledger's and the server's public API only.
        .target(name: "O2CDemo", dependencies: ["O2CCore", "O2CLedger"], swiftSettings: strict),
        .target(
            name: "O2CBench",
            dependencies: [
                "O2CCore", "O2CLedger", "O2CDemo", "O2CServer", "O2CLLM", "O2CDocuments", "O2CCashApplication", "O2CWorkflow",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .target(name: "O2CClient", dependencies: ["O2CCore", "O2CLedger", "O2CAgents", "O2CLLM"], swiftSettings: strict),
        .executableTarget(
            name: "o2c",
            dependencies: [
                "O2CCore", "O2CLedger", "O2CAgents", "O2CLLM", "O2CScriptedModel", "O2CServer", "O2CDemo", "O2CBench", "O2CWorkflow", "O2CClient", "O2CMail",
                "O2CDocuments", "O2CCashApplication", "O2CEInvoice", "O2CReportPages",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The model fault soak and the hostile-text corpus runner (issue 13), shared by o2c-stress and
        // O2CStressTests (which runs the whole corpus in `make test`).
        .target(
            name: "O2CStressKit",
            dependencies: [
                "O2CCore", "O2CYAML", "O2CLedger", "O2CAgents", "O2CLLM", "O2CScriptedModel", "O2CDemo", "O2CWorkflow",
            ],
            swiftSettings: strict
        ),
        // The stress drivers (issue 13): a separate executable so the product binary carries none of it.
        .executableTarget(
            name: "o2c-stress",
            dependencies: [
                "O2CCore", "O2CLedger", "O2CAgents", "O2CLLM", "O2CScriptedModel", "O2CDemo", "O2CWorkflow", "O2CClient", "O2CStressKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "O2CCoreTests", dependencies: ["O2CCore"], swiftSettings: strict),
        .testTarget(name: "O2CExpressionTests", dependencies: ["O2CExpression", "O2CCore"], swiftSettings: strict),
        .testTarget(name: "O2CLLMTests", dependencies: ["O2CCore", "O2CLLM", "O2CScriptedModel"], swiftSettings: strict),
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
            name: "O2CDemoTests",
            dependencies: ["O2CDemo", "O2CLedger", "O2CCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "O2CEInvoiceTests",
            dependencies: ["O2CEInvoice", "O2CDemo", "O2CLedger", "O2CCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "O2CReportsTests",
            dependencies: ["O2CReportPages", "O2CDemo", "O2CLedger", "O2CCore"],
            swiftSettings: strict
        ),
        .testTarget(name: "O2CBenchTests", dependencies: ["O2CBench", "O2CLedger", "O2CCore"], swiftSettings: strict),
        .testTarget(name: "O2CCLITests", dependencies: ["O2CCore", "O2CScriptedModel"], swiftSettings: strict),
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
        .testTarget(
            name: "O2CServerTests",
            dependencies: ["O2CServer", "O2CCore", "O2CLedger", "O2CAgents", "O2CLLM", "O2CScriptedModel", "O2CDemo",
                           .product(name: "Yams", package: "Yams"), .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "O2CWorkflowTests",
            dependencies: ["O2CWorkflow", "O2CAgents", "O2CCore", "O2CLedger", "O2CLLM", "O2CScriptedModel", "O2CServer", "O2CDocuments", "O2CMail", "O2CDemo",
                           .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(name: "O2CStressTests", dependencies: ["O2CStressKit", "O2CScriptedModel", "O2CCore"], swiftSettings: strict),
        .testTarget(
            name: "O2CAgentsTests",
            dependencies: ["O2CAgents", "O2CCore", "O2CLedger", "O2CLLM", "O2CScriptedModel", "O2CDemo",
                           .product(name: "PropertyBased", package: "swift-property-based"), .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
    ]
)
