import AdvGlueSupport
import Foundation

/// Trained tensors laid over a base encoder's weights: a fine-tuned model shipped as a
/// delta (scripts/models/finetune_minilm.py) instead of a full checkpoint.
///
/// For a linear map or layer norm `NAME` of the base (named as in `BertModel`, e.g.
/// `encoder.layer.5.output.dense`), the overlay file (names prefixed `bert.`, as in a
/// `BertForSequenceClassification` checkpoint) may hold
/// - `bert.NAME.weight` and `bert.NAME.bias`: the tensor replaced outright, or
/// - `bert.NAME.lora_A` (`[r, in]`) and `bert.NAME.lora_B` (`[out, r]`, LoRA's scale
///   folded in): the base weight plus `B · A` (Hu et al., ICLR 2022), merged once here so
///   a forward pass costs what the base model's does.
/// Tensors may be stored in F32, F16 or BF16; they are widened to float32.
///
/// ```swift
/// let overlay = try WeightOverlay(url: URL(filePath: "Corpora/models/finetuned/sst2.finetuned.safetensors"))
/// let model = try MiniLM(folder: base, overlays: [overlay])
/// try overlay.floats("classifier.weight", shape: [2, 384])   // the head, outside the encoder
/// ```
/// Complexity: O(out · in · r) per merged map, once at load.
public final class WeightOverlay: @unchecked Sendable {
    // Unchecked: the buffers are written once during loading and read-only afterwards.

    public let file: SafeTensors
    /// The prefix the overlay's encoder tensors carry.
    public let prefix: String
    /// Names of the tensors the encoder used, so a caller can tell a delta that names
    /// nothing the encoder has (a wrong or renamed file) from a real one.
    private(set) var used: Set<String> = []
    private var owned: [UnsafeMutableBufferPointer<Float>] = []

    public init(url: URL, prefix: String = "bert.") throws(AdvGlueError) {
        file = try SafeTensors(url: url)
        self.prefix = prefix
    }

    deinit {
        for buffer in owned { buffer.deallocate() }
    }

    /// A tensor of the overlay as float32 (the classifier head, say), by its full name.
    public func floats(_ name: String, shape: [Int]) throws(AdvGlueError) -> [Float] {
        try file.widenedFloats(name, shape: shape)
    }

    /// The overlay's replacement for the base tensor `name` (`.weight` or `.bias`
    /// included), if it has one.
    func replacement(_ name: String, shape: [Int]) throws(AdvGlueError) -> UnsafeBufferPointer<Float>? {
        guard file.tensors[prefix + name] != nil else { return nil }
        used.insert(prefix + name)
        return keep(try file.widenedFloats(prefix + name, shape: shape))
    }

    /// `base + B · A` for the linear map `name` (without `.weight`) when the overlay holds
    /// its LoRA factors; nil when it does not.
    func merged(_ name: String, base: UnsafeBufferPointer<Float>, outputs: Int, inputs: Int) throws(AdvGlueError)
        -> UnsafeBufferPointer<Float>?
    {
        let aName = prefix + name + ".lora_A"
        let bName = prefix + name + ".lora_B"
        guard let aInfo = file.tensors[aName] else {
            if file.tensors[bName] != nil {
                throw AdvGlueError(.badData, "tensor '\(bName)' has no lora_A beside it", at: .file(file.path))
            }
            return nil
        }
        guard aInfo.shape.count == 2, aInfo.shape[1] == inputs, aInfo.shape[0] >= 1 else {
            throw AdvGlueError(
                .badData, "tensor '\(aName)': shape \(aInfo.shape), expected [rank, \(inputs)]", at: .file(file.path))
        }
        let rank = aInfo.shape[0]
        let a = try file.widenedFloats(aName, shape: [rank, inputs])
        let b = try file.widenedFloats(bName, shape: [outputs, rank])
        used.formUnion([aName, bName])
        try BLAS.load()
        let merged = UnsafeMutableBufferPointer<Float>.allocate(capacity: outputs * inputs)
        _ = merged.initialize(from: base)
        owned.append(merged)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                // merged = 1 · B · A + 1 · merged
                BLAS.sgemm(
                    transposeB: false, m: outputs, n: inputs, k: rank, alpha: 1, a: b.baseAddress!, lda: rank,
                    b: a.baseAddress!, ldb: inputs, beta: 1, c: merged.baseAddress!, ldc: inputs)
            }
        }
        return UnsafeBufferPointer(merged)
    }

    /// The overlay's encoder tensors (those under ``prefix``) that the encoder never read.
    public var unusedEncoderTensors: [String] {
        file.tensors.keys.filter {
            ($0.hasPrefix(prefix + "encoder.") || $0.hasPrefix(prefix + "embeddings.")) && !used.contains($0)
        }.sorted()
    }

    private func keep(_ values: [Float]) -> UnsafeBufferPointer<Float> {
        let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(1, values.count))
        _ = buffer.initialize(from: values)
        owned.append(buffer)
        return UnsafeBufferPointer(rebasing: buffer[0..<values.count])
    }
}
