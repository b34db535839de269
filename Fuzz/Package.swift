// swift-tools-version:6.1
// libFuzzer targets for o2c's parsers and loaders (issue 13). Not part of `make test`: build and
// run them with scripts/fuzz.sh, which passes -sanitize=fuzzer,address.
import Foundation
import PackageDescription

// A path dependency is named after its folder (the checkout's, whatever it is called).
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "o2c-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: "..")],
    targets: [
        // SwiftPM links executables with main = o2c_fuzz_main (so tests could link them); this C
        // function is it, and runs libFuzzer's driver.
        .target(name: "CFuzzDriver"),
        .executableTarget(
            name: "o2c-fuzz",
            dependencies: ["CFuzzDriver", .product(name: "O2CFuzzSurface", package: root)],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
