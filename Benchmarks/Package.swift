// swift-tools-version: 6.1
import PackageDescription

// Micro-benchmarks of advglue's hot paths with ordo-one/benchmark, in a package of their
// own so that `swift build` and `swift test` at the root (and CI's clean-clone build)
// never build the benchmark framework. Run from this folder:
//   swift package benchmark
let package = Package(
    name: "advglue-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "advglue", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "AdvGlueBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "AdvGlue", package: "advglue"),
            ],
            path: "Benchmarks/AdvGlueBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
