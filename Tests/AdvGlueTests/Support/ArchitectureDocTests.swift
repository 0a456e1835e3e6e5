import Foundation
import Testing

/// The module graph is written three times: `Package.swift`, the table in
/// `docs/architecture.md`, and the modules' own imports. They must agree, and the rules
/// the architecture page states must hold.
@Suite("Architecture: Package.swift, docs and imports agree")
struct ArchitectureDocTests {
    static let root = Fixtures.packageRoot

    /// Target → dependencies, from `Package.swift` (library and CLI targets).
    static func packageGraph() throws -> [String: Set<String>] {
        let text = try String(contentsOf: root.appending(path: "Package.swift"), encoding: .utf8)
        var graph: [String: Set<String>] = [:]
        let target = /\.target\(\s*name: "(AdvGlue\w+)",\s*dependencies: \[([^\]]*)\]/
        for match in text.matches(of: target) {
            var dependencies = Set<String>()
            for quoted in match.output.2.matches(of: /"(\w+)"/) { dependencies.insert(String(quoted.output.1)) }
            // `.product(name: "Yams", package: "Yams")` names the product twice.
            graph[String(match.output.1)] = dependencies
        }
        return graph
    }

    /// Module → dependencies, from the table in `docs/architecture.md`.
    static func documentedGraph() throws -> [String: Set<String>] {
        let text = try String(contentsOf: root.appending(path: "docs/architecture.md"), encoding: .utf8)
        var graph: [String: Set<String>] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `AdvGlue") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let module = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            graph[module] = Set(cells[1].matches(of: /`(\w+)`/).map { String($0.output.1) })
        }
        return graph
    }

    /// Module → the modules its sources import.
    static func importGraph() throws -> [String: Set<String>] {
        var graph: [String: Set<String>] = [:]
        let sources = root.appending(path: "Sources")
        for module in try FileManager.default.contentsOfDirectory(atPath: sources.path)
        where module.hasPrefix("AdvGlue") {
            var imports = Set<String>()
            let files =
                FileManager.default.enumerator(atPath: sources.appending(path: module).path)?.allObjects as? [String]
                ?? []
            for file in files where file.hasSuffix(".swift") {
                let text = try String(
                    contentsOf: sources.appending(path: module).appending(path: file), encoding: .utf8)
                for match in text.matches(of: /(?m)^(?:@testable )?import (\w+)$/) {
                    imports.insert(String(match.output.1))
                }
            }
            graph[module] = imports.filter {
                !["Foundation", "Dispatch", "Synchronization", "Glibc", "Darwin"].contains($0)
            }
        }
        return graph
    }

    @Test func theDocumentedGraphIsPackageSwifts() throws {
        let package = try Self.packageGraph()
        let documented = try Self.documentedGraph()
        #expect(package.count >= 16)
        #expect(Set(package.keys) == Set(documented.keys))
        for (module, dependencies) in package {
            #expect(
                documented[module] == dependencies,
                "\(module): Package.swift \(dependencies.sorted()), docs \(documented[module]?.sorted() ?? [])")
        }
    }

    @Test func everyModuleImportsExactlyWhatItDeclares() throws {
        let package = try Self.packageGraph()
        for (module, imports) in try Self.importGraph() {
            let declared = try #require(package[module], "\(module) is not a target in Package.swift")
            #expect(imports == declared, "\(module) imports \(imports.sorted()) but declares \(declared.sorted())")
        }
    }

    @Test func theRulesOfTheArchitecturePageHold() throws {
        let imports = try Self.importGraph()
        for (module, used) in imports where module != "AdvGlueCLI" {
            #expect(!used.contains("ArgumentParser"), "\(module) imports the command line's parser")
        }
        // Rendering links no model, no attack, no YAML.
        let rendering = try #require(imports["AdvGlueReports"])
        #expect(
            rendering.isDisjoint(with: [
                "AdvGlueAttacks", "AdvGlueBackends", "AdvGlueMiniLM", "AdvGlueWordNet", "AdvGlueYAML", "Yams",
            ]))
        // The model seam holds no model.
        #expect(
            try #require(imports["AdvGlueModels"]).isDisjoint(with: ["AdvGlueMiniLM", "AdvGlueBackends", "CCurlShim"]))
        #expect(
            try #require(imports["AdvGlueResults"]).isDisjoint(with: [
                "AdvGlueAttacks", "AdvGlueMiniLM", "AdvGlueBackends",
            ]))
    }
}
