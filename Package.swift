// swift-tools-version: 6.1
import PackageDescription

// Heavy server-side packages (swift-nio, async-http-client) stay out of this graph
// until a target needs them: CI builds every dependency from a clean clone.
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "advglue",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "advglue", targets: ["advglue"]),
        .library(name: "AdvGlue", targets: ["AdvGlueSupport", "AdvGlueText", "AdvGlueWordNet", "AdvGlueCorpora", "AdvGlueModels", "AdvGlueExternal", "AdvGlueAttacks", "AdvGlueReports", "AdvGlueProbe", "AdvGlueMiniLM"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // System ICU stays behind this C target: Foundation's bundled ICU headers clash
        // with Debian's when both are visible to Swift (see ../shared/design).
        .target(
            name: "CICUShim",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n"), .linkedLibrary("icudata")]
        ),
        // No pkgConfig: Debian's libutf8proc.pc carries a -D flag SwiftPM rejects.
        .systemLibrary(name: "CUTF8Proc", providers: [.apt(["libutf8proc-dev"])]),
        // OpenBLAS's cblas_sgemm for the MiniLM encoder's matrix products.
        .systemLibrary(name: "COpenBLAS", providers: [.apt(["libopenblas-dev"])]),
        // SHA-256 in C: the model and data checksums are on every run's start-up path,
        // and C reaches the processor's SHA instructions.
        .target(name: "CSHA256"),
        .target(name: "AdvGlueSupport", dependencies: ["CSHA256"], swiftSettings: strict),
        .target(name: "AdvGlueText", dependencies: ["CICUShim", "CUTF8Proc"], swiftSettings: strict),
        .target(name: "AdvGlueWordNet", dependencies: ["AdvGlueSupport"], swiftSettings: strict),
        .target(name: "AdvGlueMiniLM", dependencies: ["COpenBLAS", "CUTF8Proc"], swiftSettings: strict + [.unsafeFlags(["-O"])]),
        .target(name: "AdvGlueCorpora", dependencies: ["AdvGlueSupport", "AdvGlueText"], swiftSettings: strict),
        .target(name: "AdvGlueModels", dependencies: ["AdvGlueSupport", "AdvGlueText", "AdvGlueCorpora", "AdvGlueMiniLM"], swiftSettings: strict),
        // libcurl for KServe's HTTP, loaded with dlopen when a model server is first
        // contacted (see Sources/CCurlShim): linked, it costs every process ~7 ms.
        .target(name: "CCurlShim"),
        // Subprocess and KServe v2 HTTP models.
        .target(
            name: "AdvGlueExternal",
            dependencies: ["AdvGlueSupport", "AdvGlueText", "AdvGlueCorpora", "AdvGlueModels", "CCurlShim"],
            swiftSettings: strict
        ),
        .target(
            name: "AdvGlueAttacks",
            dependencies: ["AdvGlueSupport", "AdvGlueText", "AdvGlueWordNet", "AdvGlueCorpora", "AdvGlueModels", "AdvGlueMiniLM", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .target(
            name: "AdvGlueReports",
            dependencies: ["AdvGlueSupport", "AdvGlueText", "AdvGlueCorpora", "AdvGlueModels", "AdvGlueAttacks"],
            swiftSettings: strict
        ),
        .target(
            name: "AdvGlueProbe",
            dependencies: ["AdvGlueCorpora", "AdvGlueModels", "AdvGlueAttacks", "AdvGlueReports"],
            swiftSettings: strict
        ),
        .target(
            name: "AdvGlueCLI",
            dependencies: [
                "AdvGlueSupport", "AdvGlueText", "AdvGlueCorpora", "AdvGlueModels", "AdvGlueExternal", "AdvGlueAttacks", "AdvGlueReports", "AdvGlueProbe", "AdvGlueMiniLM",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "advglue", dependencies: ["AdvGlueCLI"], swiftSettings: strict),
        .testTarget(
            name: "AdvGlueTests",
            dependencies: ["AdvGlueSupport", "AdvGlueText", "AdvGlueWordNet", "AdvGlueCorpora", "AdvGlueModels", "AdvGlueExternal", "AdvGlueAttacks", "AdvGlueReports", "AdvGlueProbe", "AdvGlueMiniLM", "AdvGlueCLI"],
            exclude: ["Golden", "Reference"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
