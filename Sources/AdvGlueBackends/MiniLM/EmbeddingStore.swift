import AdvGlueMiniLM
import AdvGlueModels
import AdvGlueSupport
import Foundation

/// Sentence embeddings of many texts for training, kept in a folder so that re-training
/// (another seed, L2 or held-out split) does not encode 100,000 sentences again.
///
/// One file per text list: `<SHA-256 of the texts, the model and max length>.f32`,
/// little-endian Float32, texts × embedding size.
public struct EmbeddingStore: Sendable {
    public let folder: URL?

    public init(folder: URL?) {
        self.folder = folder
    }

    /// Embeddings of `texts`, from the store when it has them.
    public func embeddings(_ texts: [String], model: MiniLM, progress: (@Sendable (Int, Int) -> Void)? = nil)
        -> [[Float]]
    {
        let width = model.encoder.configuration.hiddenSize
        var key = Array("\(model.weightsBytes)|\(model.maxSequenceLength)|".utf8)
        for text in texts { key += Array(text.utf8) + [0] }
        let file = folder?.appending(path: SHA256.hex(key) + ".f32")
        if let file, let data = try? Data(contentsOf: file), data.count == texts.count * width * 4 {
            let floats: [Float] = data.withUnsafeBytes { raw in
                (0..<texts.count * width).map {
                    Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
                }
            }
            return (0..<texts.count).map { Array(floats[$0 * width..<($0 + 1) * width]) }
        }
        var result: [[Float]] = []
        result.reserveCapacity(texts.count)
        let chunk = 2048
        for start in stride(from: 0, to: texts.count, by: chunk) {
            result += model.embed(Array(texts[start..<min(texts.count, start + chunk)]))
            progress?(min(texts.count, start + chunk), texts.count)
        }
        if let file, let folder {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var data = Data(capacity: texts.count * width * 4)
            for vector in result {
                for value in vector {
                    withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
                }
            }
            try? data.write(to: file, options: .atomic)
        }
        return result
    }
}
