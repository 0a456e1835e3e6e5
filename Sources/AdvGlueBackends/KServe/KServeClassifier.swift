import AdvGlueCorpora
import AdvGlueModels
import AdvGlueSupport
import AdvGlueText
import Foundation
import Synchronization

/// A model behind a KServe v2 / Open Inference Protocol REST server (KServe, Triton,
/// Seldon MLServer, TorchServe): each batch is one `POST /v2/models/{name}/infer` with
/// one BYTES tensor per text field, and the scores come back as an FP32 or FP64 tensor
/// of shape [batch, labels].
///
/// ```swift
/// let model = try await KServeClassifier.connect(
///     url: URL(string: "http://127.0.0.1:8080/v2/models/sst2")!, task: .sst2,
///     settings: ConnectionSettings(), log: ModelLog(.standardError(prefix: "model: ")))
/// let logits = try await model.logits(for: [TextInput([("sentence", "a fine film")])])
/// ```
///
/// Batches go out as the attack builds them (one example's candidates, up to
/// `--batch-size`), never mixed across examples, so a model whose scores depend on its
/// batch (padding) still gives the same results whatever `--jobs` is.
public final class KServeClassifier: Classifier {
    public let labels: [String]
    public let outputs: ScoreKind
    public let identity: ModelIdentity
    public let endpoint: URL
    let fieldNames: [String]
    let inputNames: [String]
    /// BYTES inputs shaped [n] or, when the metadata says so, [n, 1].
    let inputRank: Int
    let outputName: String?
    let transport: HTTPTransport
    let caller: FaultTolerantCaller
    private let requestCounter = Atomic<Int>(0)

    private init(
        labels: [String], outputs: ScoreKind, identity: ModelIdentity, endpoint: URL, fieldNames: [String],
        inputNames: [String],
        inputRank: Int, outputName: String?, transport: HTTPTransport, caller: FaultTolerantCaller
    ) {
        self.labels = labels
        self.outputs = outputs
        self.identity = identity
        self.endpoint = endpoint
        self.fieldNames = fieldNames
        self.inputNames = inputNames
        self.inputRank = inputRank
        self.outputName = outputName
        self.transport = transport
        self.caller = caller
    }

    /// Reads the model's metadata (retrying while the server starts, up to
    /// `--max-outage`) and settles input names, input shape and the score output.
    public static func connect(url: URL, task: GlueTask, settings: ConnectionSettings, log: ModelLog) async throws
        -> KServeClassifier
    {
        let (transport, caller) = try HTTPConnection.open(
            settings: settings, modelName: url.absoluteString, log: log)
        let redactor = caller.redactor
        let body: Data
        do {
            body = try await caller.perform("metadata request") { () async throws(ModelCallFailure) -> Data in
                try await transport.get(url)
            }
        } catch let error as AdvGlueError where error.code == .modelFailed {
            // A server that is down stays `.unavailable` (exit 69) and keeps its hint;
            // only a server that answers badly is bad data.
            throw AdvGlueError(
                .badData, "cannot read the model's metadata: \(redactor.apply(error.message))",
                at: .flag("--model \(url.absoluteString)"))
        }
        let metadata: KServeMessages.Metadata
        do {
            metadata = try JSONDecoder().decode(KServeMessages.Metadata.self, from: body)
        } catch {
            throw AdvGlueError(
                .badData,
                "the metadata (GET \(url.path)) is not KServe v2 model metadata: \(redactor.apply(KServeMessages.snippet(body)))",
                at: .flag("--model \(url.absoluteString)"))
        }
        let fields = task.fieldNames
        let declared = metadata.inputs ?? []
        let inputNames: [String]
        var notes: [String] = []
        if !settings.inputNames.isEmpty {
            guard settings.inputNames.count == fields.count else {
                throw AdvGlueError(
                    .usage,
                    "--input-names gives \(settings.inputNames.count) names for the \(fields.count) fields of \(task.rawValue) (\(fields.joined(separator: ", ")))",
                    at: .flag("--model \(url.absoluteString)"))
            }
            inputNames = settings.inputNames
        } else if declared.isEmpty {
            inputNames = fields
            notes.append("the metadata declares no inputs; sending them as \(fields.joined(separator: ", "))")
        } else if Set(fields).isSubset(of: declared.map(\.name)) {
            inputNames = fields
        } else if declared.count == fields.count {
            inputNames = declared.map(\.name)
            notes.append(
                "sending the fields \(fields.joined(separator: ", ")) as the model's inputs \(inputNames.joined(separator: ", ")) by position"
            )
        } else {
            throw AdvGlueError(
                .badData,
                "the model's inputs (\(declared.map(\.name).joined(separator: ", "))) do not match the fields of \(task.rawValue) (\(fields.joined(separator: ", "))); map them with --input-names",
                at: .flag("--model \(url.absoluteString)"))
        }
        let rank = declared.first { $0.name == inputNames.first }?.shape?.count == 2 ? 2 : 1
        let scoreOutputs = (metadata.outputs ?? []).filter { ["FP16", "FP32", "FP64"].contains($0.datatype ?? "") }
        let outputName = settings.outputName ?? scoreOutputs.first?.name
        let kind = settings.scores ?? ((outputName ?? "").lowercased().contains("prob") ? .probabilities : .logits)
        for note in notes { log.write(note) }
        let description =
            "KServe v2 model \(metadata.name)" + (metadata.platform.flatMap { $0.isEmpty ? nil : " (\($0))" } ?? "")
            + (metadata.versions.map { $0.isEmpty ? "" : ", versions \($0.joined(separator: ", "))" } ?? "")
            + ", output \(outputName ?? "as served"), \(kind.rawValue)"
        return KServeClassifier(
            labels: task.labelNames, outputs: kind,
            identity: ModelIdentity(spec: url.absoluteString, description: description),
            endpoint: url, fieldNames: fields, inputNames: inputNames, inputRank: rank, outputName: outputName,
            transport: transport, caller: caller)
    }

    public func logits(for inputs: [TextInput]) async throws -> [[Float]] {
        guard !inputs.isEmpty else { return [] }
        let body = try requestBody(for: inputs)
        let url = endpoint.appending(path: "infer")
        return try await caller.perform("a batch of \(inputs.count)") {
            () async throws(ModelCallFailure) -> [[Float]] in
            let response = try await transport.post(url, json: body)
            return try scores(from: response, count: inputs.count)
        }
    }

    private func requestBody(for inputs: [TextInput]) throws -> Data {
        let shape = inputRank == 2 ? [inputs.count, 1] : [inputs.count]
        let tensors = zip(fieldNames, inputNames).map { field, name in
            KServeMessages.Tensor(name: name, shape: shape, data: inputs.map { $0[field] ?? "" })
        }
        // Ids only help reading server logs; they do not enter the results.
        let id = "advglue-\(requestCounter.add(1, ordering: .relaxed).newValue)"
        let request = KServeMessages.InferenceRequest(
            id: id, inputs: tensors, outputs: outputName.map { [.init(name: $0)] })
        return try JSONEncoder().encode(request)
    }

    private func scores(from body: Data, count: Int) throws(ModelCallFailure) -> [[Float]] {
        let tensors = try KServeMessages.outputs(from: body)
        let tensor: KServeMessages.OutputTensor
        if let outputName {
            guard let named = tensors.first(where: { $0.name == outputName }) else {
                throw ModelCallFailure(
                    .permanent,
                    "the response has no output '\(outputName)' (it has \(tensors.map(\.name).joined(separator: ", ")))"
                )
            }
            tensor = named
        } else {
            guard let first = tensors.first(where: { ["FP16", "FP32", "FP64"].contains($0.datatype) }) else {
                let served = tensors.map { "\($0.name) (\($0.datatype))" }.joined(separator: ", ")
                throw ModelCallFailure(
                    .permanent,
                    "the response has no FP32 or FP64 score output, only \(served); name the score output with --output-name (MLServer's scikit-learn runtime: predict_proba)"
                )
            }
            tensor = first
        }
        guard ["FP16", "FP32", "FP64"].contains(tensor.datatype) else {
            throw ModelCallFailure(.permanent, "output '\(tensor.name)' is \(tensor.datatype), not FP32 or FP64 scores")
        }
        let classes =
            tensor.shape.count == 2
            ? tensor.shape[1] : (tensor.shape.count == 1 && count > 0 ? tensor.shape[0] / count : 0)
        guard tensor.shape.first == count || tensor.shape.count == 1 else {
            throw ModelCallFailure(
                .permanent,
                "model returned \(tensor.shape.first ?? 0) score rows for \(count) inputs (output shape \(tensor.shape))"
            )
        }
        guard classes > 0, tensor.data.count == count * classes else {
            throw ModelCallFailure(
                .permanent,
                "output '\(tensor.name)' has \(tensor.data.count) values with shape \(tensor.shape) for \(count) inputs"
            )
        }
        let rows = (0..<count).map { Array(tensor.data[($0 * classes)..<(($0 + 1) * classes)]) }
        return try ScoreRows.logits(rows, count: count, classes: labels.count, kind: outputs)
    }
}
