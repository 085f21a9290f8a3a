// swift-tools-version:6.0
import PackageDescription

/// Release builds of the numeric core are compiled without bounds checks in hot loops
/// only where the code itself uses unsafe buffer pointers; everything else keeps checks.
let package = Package(
    name: "embsh",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "embsh", targets: ["embsh"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(
            name: "CEditLine",
            linkerSettings: [.linkedLibrary("edit")]
        ),
        // The kernels' baseline build calls the C library's fmaf.
        .target(name: "CKernels", linkerSettings: [.linkedLibrary("m")]),
        .target(name: "EmbeddingKit", dependencies: ["CKernels"]),
        .target(name: "EmbeddingFormats", dependencies: ["EmbeddingKit", "CKernels"]),
        .target(
            name: "EmbeddingShell",
            dependencies: ["EmbeddingKit", "EmbeddingFormats", "CEditLine"]
        ),
        .executableTarget(
            name: "embsh",
            dependencies: [
                "EmbeddingShell",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "embsh-bench",
            dependencies: ["EmbeddingKit", "EmbeddingFormats"],
            path: "Sources/EmbeddingBench"
        ),
        .target(name: "EmbeddingFuzzTargets", dependencies: ["EmbeddingKit", "EmbeddingFormats", "EmbeddingShell"]),
        // libFuzzer's entry points; Scripts/fuzz builds it alone, with --sanitize=fuzzer.
        .executableTarget(name: "embsh-fuzz", dependencies: ["EmbeddingFuzzTargets"], path: "Sources/EmbeddingFuzz"),
        .testTarget(name: "EmbeddingKitTests", dependencies: ["EmbeddingKit"]),
        .testTarget(name: "EmbeddingFormatsTests", dependencies: ["EmbeddingFormats"]),
        .testTarget(name: "EmbeddingShellTests", dependencies: ["EmbeddingShell"]),
        .testTarget(name: "TranscriptTests", dependencies: ["embsh"]),
        .testTarget(name: "EmbeddingFuzzTests", dependencies: ["EmbeddingFuzzTargets"]),
    ]
)
