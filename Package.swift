// swift-tools-version: 6.1
import PackageDescription

// The module graph, lowest first; docs/architecture.md draws it and a test holds the two
// (and every module's imports) together. Heavy server-side packages (swift-nio,
// async-http-client) stay out of this graph until a target needs them: CI builds every
// dependency from a clean clone.
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let libraries: [Target.Dependency] = [
    "AdvGlueSupport", "AdvGlueText", "AdvGlueWordNet", "AdvGlueCorpora", "AdvGlueMiniLM", "AdvGlueModels",
    "AdvGlueResults",
    "AdvGlueYAML", "AdvGlueBackends", "AdvGlueAttacks", "AdvGlueReports", "AdvGlueGates", "AdvGlueProbe", "AdvGlueEval",
    "AdvGlueRun",
]

let package = Package(
    name: "advglue",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "advglue", targets: ["advglue"]),
        .library(
            name: "AdvGlue",
            targets: [
                "AdvGlueSupport", "AdvGlueText", "AdvGlueWordNet", "AdvGlueCorpora", "AdvGlueMiniLM", "AdvGlueModels",
                "AdvGlueResults",
                "AdvGlueYAML", "AdvGlueBackends", "AdvGlueAttacks", "AdvGlueReports", "AdvGlueGates", "AdvGlueProbe",
                "AdvGlueEval",
                "AdvGlueRun",
            ]
        ),
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
        // libcurl for KServe's HTTP, loaded with dlopen when a model server is first
        // contacted (see Sources/CCurlShim): linked, it costs every process ~7 ms.
        .target(name: "CCurlShim"),

        // The one error type, exit statuses, checksums, seeded randomness.
        .target(name: "AdvGlueSupport", dependencies: ["CSHA256"], swiftSettings: strict),
        // ICU word segmentation, normalisation, confusables; the model input type.
        .target(name: "AdvGlueText", dependencies: ["AdvGlueSupport", "CICUShim", "CUTF8Proc"], swiftSettings: strict),
        .target(name: "AdvGlueWordNet", dependencies: ["AdvGlueSupport"], swiftSettings: strict),
        // The native all-MiniLM-L6-v2 encoder (tokenizer, weights, BERT layers on OpenBLAS).
        .target(
            name: "AdvGlueMiniLM", dependencies: ["AdvGlueSupport", "COpenBLAS", "CUTF8Proc"], swiftSettings: strict),
        // GLUE-family data: tasks, loaders, the demo corpus, shard assignment.
        .target(name: "AdvGlueCorpora", dependencies: ["AdvGlueSupport", "AdvGlueText"], swiftSettings: strict),
        // The model seam: the Classifier and ModelBackend protocols and the wrappers every
        // backend shares. No backend lives here, so what depends on it links no model.
        .target(
            name: "AdvGlueModels", dependencies: ["AdvGlueSupport", "AdvGlueText", "AdvGlueCorpora"],
            swiftSettings: strict),
        // The value types of a run's results and their one JSON codec.
        .target(
            name: "AdvGlueResults", dependencies: ["AdvGlueSupport", "AdvGlueText", "AdvGlueCorpora", "AdvGlueModels"],
            swiftSettings: strict),
        // A strict reader of YAML files (recipes, templates, gate configs).
        .target(
            name: "AdvGlueYAML", dependencies: ["AdvGlueSupport", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict),
        // One folder per --model backend (lexical, MiniLM, subprocess, KServe) and their registry.
        .target(
            name: "AdvGlueBackends",
            dependencies: [
                "AdvGlueSupport", "AdvGlueText", "AdvGlueCorpora", "AdvGlueMiniLM", "AdvGlueModels", "AdvGlueYAML",
                "CCurlShim",
            ],
            swiftSettings: strict
        ),
        // The attack library: one folder per seam, recipes built from a table of parts.
        .target(
            name: "AdvGlueAttacks",
            dependencies: [
                "AdvGlueSupport", "AdvGlueText", "AdvGlueWordNet", "AdvGlueCorpora", "AdvGlueMiniLM", "AdvGlueModels",
                "AdvGlueResults",
                "AdvGlueYAML",
            ],
            swiftSettings: strict
        ),
        // Renders results as Markdown, CSV, JUnit, SVG and plain text; runs nothing.
        .target(
            name: "AdvGlueReports",
            dependencies: ["AdvGlueSupport", "AdvGlueText", "AdvGlueCorpora", "AdvGlueModels", "AdvGlueResults"],
            swiftSettings: strict
        ),
        // Release gates: the config and the checks.
        .target(
            name: "AdvGlueGates", dependencies: ["AdvGlueSupport", "AdvGlueCorpora", "AdvGlueResults", "AdvGlueYAML"],
            swiftSettings: strict),
        // The calibration probe (Raina et al., ACL 2024).
        .target(
            name: "AdvGlueProbe",
            dependencies: ["AdvGlueSupport", "AdvGlueCorpora", "AdvGlueModels", "AdvGlueResults", "AdvGlueAttacks"],
            swiftSettings: strict
        ),
        // The AdvGLUE benchmark evaluator.
        .target(
            name: "AdvGlueEval",
            dependencies: ["AdvGlueSupport", "AdvGlueText", "AdvGlueCorpora", "AdvGlueModels", "AdvGlueResults"],
            swiftSettings: strict
        ),
        // A run end to end: plan, journal, attack, outputs, probe, gates; each command's job.
        .target(
            name: "AdvGlueRun",
            dependencies: [
                "AdvGlueSupport", "AdvGlueText", "AdvGlueCorpora", "AdvGlueMiniLM", "AdvGlueModels", "AdvGlueResults",
                "AdvGlueBackends",
                "AdvGlueAttacks", "AdvGlueReports", "AdvGlueGates", "AdvGlueProbe", "AdvGlueEval",
            ],
            swiftSettings: strict
        ),
        // The command line: options into plans, plans into the run module.
        .target(
            name: "AdvGlueCLI",
            dependencies: [
                "AdvGlueSupport", "AdvGlueCorpora", "AdvGlueModels", "AdvGlueBackends", "AdvGlueAttacks", "AdvGlueRun",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "advglue", dependencies: ["AdvGlueCLI"], swiftSettings: strict),
        .testTarget(
            name: "AdvGlueTests",
            dependencies: libraries + ["AdvGlueCLI"],
            exclude: ["Golden", "Reference"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
