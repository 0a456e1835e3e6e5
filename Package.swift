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
        .library(name: "AdvGlue", targets: ["AdvGlueSupport", "AdvGlueText", "AdvGlueWordNet", "AdvGlueCorpora", "AdvGlueModels", "AdvGlueResults", "AdvGlueYAML", "AdvGlueBackends", "AdvGlueAttacks", "AdvGlueReports", "AdvGlueGates", "AdvGlueProbe", "AdvGlueEval", "AdvGlueRun", "AdvGlueMiniLM"]),
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
        .target(name: "AdvGlueText", dependencies: ["AdvGlueSupport", "CICUShim", "CUTF8Proc"], swiftSettings: strict),
        .target(name: "AdvGlueWordNet", dependencies: ["AdvGlueSupport"], swiftSettings: strict),
        .target(name: "AdvGlueMiniLM", dependencies: ["AdvGlueSupport", "COpenBLAS", "CUTF8Proc"], swiftSettings: strict + [.unsafeFlags(["-O"])]),
        .target(name: "AdvGlueCorpora", dependencies: ["AdvGlueSupport", "AdvGlueText"], swiftSettings: strict),
        // The model seam: the Classifier and ModelBackend protocols and the wrappers every
        // backend shares. No backend lives here, so what depends on it links no model.
        .target(name: "AdvGlueModels", dependencies: ["AdvGlueSupport", "AdvGlueText", "AdvGlueCorpora"], swiftSettings: strict),
        // The value types of a run's results and their one JSON codec.
        .target(name: "AdvGlueResults", dependencies: ["AdvGlueSupport", "AdvGlueText", "AdvGlueCorpora", "AdvGlueModels"], swiftSettings: strict),
        // A strict reader of YAML files (recipes, templates, gate configs).
        .target(name: "AdvGlueYAML", dependencies: ["AdvGlueSupport", .product(name: "Yams", package: "Yams")], swiftSettings: strict),
        // libcurl for KServe's HTTP, loaded with dlopen when a model server is first
        // contacted (see Sources/CCurlShim): linked, it costs every process ~7 ms.
        .target(name: "CCurlShim"),
        // One folder per --model backend (lexical, MiniLM, subprocess, KServe) and the registry.
        .target(
            name: "AdvGlueBackends",
            dependencies: ["AdvGlueSupport", "AdvGlueText", "AdvGlueCorpora", "AdvGlueModels", "AdvGlueMiniLM", "CCurlShim"],
            swiftSettings: strict
        ),
        .target(
            name: "AdvGlueAttacks",
            dependencies: ["AdvGlueSupport", "AdvGlueText", "AdvGlueWordNet", "AdvGlueCorpora", "AdvGlueModels", "AdvGlueResults", "AdvGlueMiniLM", "AdvGlueYAML"],
            swiftSettings: strict
        ),
        // Renders results as Markdown, CSV, JUnit, SVG and plain text; runs nothing.
        .target(name: "AdvGlueReports", dependencies: ["AdvGlueSupport", "AdvGlueText", "AdvGlueCorpora", "AdvGlueModels", "AdvGlueResults"], swiftSettings: strict),
        .target(name: "AdvGlueGates", dependencies: ["AdvGlueSupport", "AdvGlueCorpora", "AdvGlueResults", "AdvGlueYAML"], swiftSettings: strict),
        .target(name: "AdvGlueProbe", dependencies: ["AdvGlueSupport", "AdvGlueCorpora", "AdvGlueModels", "AdvGlueResults", "AdvGlueAttacks"], swiftSettings: strict),
        .target(name: "AdvGlueEval", dependencies: ["AdvGlueSupport", "AdvGlueCorpora", "AdvGlueModels", "AdvGlueResults"], swiftSettings: strict),
        // A run end to end: plan, journal, attack, outputs, probe, gates.
        .target(
            name: "AdvGlueRun",
            dependencies: [
                "AdvGlueSupport", "AdvGlueText", "AdvGlueCorpora", "AdvGlueModels", "AdvGlueResults", "AdvGlueBackends", "AdvGlueAttacks",
                "AdvGlueReports", "AdvGlueGates", "AdvGlueProbe", "AdvGlueEval", "AdvGlueMiniLM",
            ],
            swiftSettings: strict
        ),
        .target(
            name: "AdvGlueCLI",
            dependencies: [
                "AdvGlueSupport", "AdvGlueText", "AdvGlueCorpora", "AdvGlueModels", "AdvGlueResults", "AdvGlueBackends", "AdvGlueAttacks",
                "AdvGlueReports", "AdvGlueGates", "AdvGlueProbe", "AdvGlueEval", "AdvGlueRun", "AdvGlueMiniLM",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "advglue", dependencies: ["AdvGlueCLI"], swiftSettings: strict),
        .testTarget(
            name: "AdvGlueTests",
            dependencies: ["AdvGlueSupport", "AdvGlueText", "AdvGlueWordNet", "AdvGlueCorpora", "AdvGlueModels", "AdvGlueResults", "AdvGlueYAML", "AdvGlueBackends", "AdvGlueAttacks", "AdvGlueReports", "AdvGlueGates", "AdvGlueProbe", "AdvGlueEval", "AdvGlueRun", "AdvGlueMiniLM", "AdvGlueCLI"],
            exclude: ["Golden", "Reference"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
