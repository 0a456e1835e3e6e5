import Foundation

/// How well a model's confidence matches its accuracy on labelled examples.
///
/// - ECE and MCE use 15 equal-width confidence bins (Guo et al. 2017): the weighted mean
///   and the largest gap between a bin's accuracy and its mean confidence.
/// - NLL is computed from log-softmax in double precision, so it stays finite where the
///   float32 probability of the gold class has rounded to zero.
/// - A prediction is saturated when its top probability is exactly 1.0 in float32, the
///   point past which 1 − p(gold) is 0 and score-based searches are blind.
///
/// ```swift
/// let m = CalibrationMeasures(logits: [[2, 0], [0, 3]], labels: [0, 0])
/// m.accuracy // 0.5
/// ```
/// Complexity: O(n · classes).
public struct CalibrationMeasures: Sendable, Codable, Hashable {
    public static let binCount = 15

    public var examples: Int
    public var temperature: Double
    public var accuracy: Double
    public var meanConfidence: Double
    public var negativeLogLikelihood: Double
    public var expectedCalibrationError: Double
    public var maximumCalibrationError: Double
    public var saturatedShare: Double
    public var bins: [ReliabilityBin]

    public init(logits: [[Float]], labels: [Int], temperature: Double = 1) {
        precondition(logits.count == labels.count, "one label per row")
        precondition(temperature > 0, "temperature must be positive")
        var bins = (0..<Self.binCount).map {
            ReliabilityBin(lower: Double($0) / Double(Self.binCount), upper: Double($0 + 1) / Double(Self.binCount))
        }
        var correct = 0
        var saturated = 0
        var confidenceSum = 0.0
        var nll = 0.0
        for (row, label) in zip(logits, labels) {
            let scaled = row.map { $0 / Float(temperature) }
            let probabilities = softmax(scaled)
            let predicted = argmax(row)
            let confidence = Double(probabilities[predicted])
            if predicted == label { correct += 1 }
            if probabilities[predicted] == 1 { saturated += 1 }
            confidenceSum += confidence
            nll -= Self.logSoftmax(row.map { Double($0) / temperature })[label]
            let bin = min(Self.binCount - 1, Int(confidence * Double(Self.binCount)))
            bins[bin].count += 1
            bins[bin].confidenceSum += confidence
            bins[bin].correct += predicted == label ? 1 : 0
        }
        let n = Double(max(1, logits.count))
        examples = logits.count
        self.temperature = temperature
        accuracy = Double(correct) / n
        meanConfidence = confidenceSum / n
        negativeLogLikelihood = nll / n
        let gaps = bins.filter { $0.count > 0 }.map {
            (weight: Double($0.count) / n, gap: abs($0.accuracy - $0.meanConfidence))
        }
        expectedCalibrationError = gaps.reduce(0) { $0 + $1.weight * $1.gap }
        maximumCalibrationError = gaps.map(\.gap).max() ?? 0
        saturatedShare = Double(saturated) / n
        self.bins = bins
    }

    static func logSoftmax(_ x: [Double]) -> [Double] {
        let maximum = x.max() ?? 0
        let logSum = maximum + Foundation.log(x.reduce(0) { $0 + Foundation.exp($1 - maximum) })
        return x.map { $0 - logSum }
    }
}

/// One bin of a reliability diagram.
public struct ReliabilityBin: Sendable, Codable, Hashable {
    public var lower: Double
    public var upper: Double
    public var count = 0
    public var correct = 0
    public var confidenceSum = 0.0

    public var accuracy: Double { count == 0 ? 0 : Double(correct) / Double(count) }
    public var meanConfidence: Double { count == 0 ? 0 : confidenceSum / Double(count) }
}
