import AdvGlueModels
import Foundation

/// The KServe v2 / Open Inference Protocol REST messages advglue uses
/// (https://kserve.github.io/website/latest/modelserving/data_plane/v2_protocol/).
enum KServeMessages {
    /// `GET /v2/models/{name}[/versions/{v}]`. Servers may leave out inputs and
    /// outputs (MLServer does unless model-settings.json declares them).
    struct Metadata: Decodable, Sendable {
        var name: String
        var versions: [String]?
        var platform: String?
        var inputs: [TensorMetadata]?
        var outputs: [TensorMetadata]?
    }

    struct TensorMetadata: Decodable, Sendable {
        var name: String
        var datatype: String?
        var shape: [Int]?
    }

    /// `POST .../infer`: one BYTES tensor per text field.
    struct InferenceRequest: Encodable {
        var id: String
        var inputs: [Tensor]
        var outputs: [RequestedOutput]?
    }

    struct Tensor: Encodable {
        var name: String
        var shape: [Int]
        var datatype = "BYTES"
        var data: [String]
    }

    struct RequestedOutput: Encodable {
        var name: String
    }

    /// One output tensor of a response, with its data flattened row-major (KServe
    /// allows nested or flat JSON arrays).
    struct OutputTensor {
        var name: String
        var datatype: String
        var shape: [Int]
        var data: [Double]
    }

    /// Parses `{"outputs": [{"name", "shape", "datatype", "data"}]}`. Non-numeric
    /// data (labels as strings) parses with `data` empty and the datatype telling why.
    static func outputs(from body: Data) throws(ModelCallFailure) -> [OutputTensor] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: body)
        } catch {
            let text = String(decoding: body.prefix(4096), as: UTF8.self)
            if text.contains("NaN") || text.contains("Infinity") {
                throw ModelCallFailure(
                    .permanent, "model returned NaN or infinite scores (as bare NaN/Infinity, which is not JSON)")
            }
            // A proxy's HTML page or a cut-off reply between good ones is a glitch of the
            // path, not of this input: retried like a 5xx, so it costs time, not examples.
            throw ModelCallFailure(.requestFailed, "malformed response: not JSON (\(snippet(body)))")
        }
        guard let root = object as? [String: Any], let outputs = root["outputs"] as? [[String: Any]] else {
            throw ModelCallFailure(.requestFailed, "malformed response: no \"outputs\" array (\(snippet(body)))")
        }
        var tensors: [OutputTensor] = []
        for output in outputs {
            guard let name = output["name"] as? String, let shape = output["shape"] as? [Int], let data = output["data"]
            else {
                throw ModelCallFailure(.permanent, "malformed response: an output lacks name, shape or data")
            }
            let datatype = output["datatype"] as? String ?? ""
            var values: [Double] = []
            if ["FP16", "FP32", "FP64"].contains(datatype) {
                values = try flatten(data, output: name)
            }
            tensors.append(OutputTensor(name: name, datatype: datatype, shape: shape, data: values))
        }
        return tensors
    }

    private static func flatten(_ data: Any, output: String) throws(ModelCallFailure) -> [Double] {
        var values: [Double] = []
        func visit(_ item: Any) throws(ModelCallFailure) {
            if let list = item as? [Any] {
                for element in list { try visit(element) }
            } else if let number = item as? NSNumber, !(item is Bool) {
                values.append(number.doubleValue)
            } else if item is NSNull {
                // orjson and others write NaN and infinity as null.
                throw ModelCallFailure(
                    .permanent, "model returned a null score in output '\(output)' (NaN or infinity on the server)")
            } else if let text = item as? String, let value = Double(text) {
                values.append(value)
            } else {
                throw ModelCallFailure(.permanent, "malformed response: output '\(output)' holds a non-number")
            }
        }
        try visit(data)
        return values
    }

    static func snippet(_ body: Data) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
        return body.count > 200 ? text + "..." : text
    }
}
