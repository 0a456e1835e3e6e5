import AdvGlueModels

/// One attack run of the probe.
public struct ProbeRow: Sendable, Codable, Hashable {
    /// `T = 1`, `cal`, `opt`, `grid` or `margin`.
    public var name: String
    public var temperature: Double
    public var scoring: String
    public var summary: AttackSummary

    public init(name: String, temperature: Double, scoring: String, summary: AttackSummary) {
        self.name = name
        self.temperature = temperature
        self.scoring = scoring
        self.summary = summary
    }
}

/// Everything the probe found.
public struct ProbeResult: Sendable, Codable, Hashable {
    public var before: CalibrationMeasures
    public var after: CalibrationMeasures
    public var calTemperature: Double
    public var optTemperature: Double?
    public var rows: [ProbeRow]
    public var thresholdPoints: Double
    /// Accuracy under attack at T = 1 minus the lowest probed value, in points.
    public var gapPoints: Double
    public var illusionSuspected: Bool
    public var heldOutExamples: Int
    public var attackedExamples: Int

    public init(
        before: CalibrationMeasures, after: CalibrationMeasures, calTemperature: Double, optTemperature: Double?,
        rows: [ProbeRow],
        thresholdPoints: Double, gapPoints: Double, illusionSuspected: Bool, heldOutExamples: Int, attackedExamples: Int
    ) {
        self.before = before
        self.after = after
        self.calTemperature = calTemperature
        self.optTemperature = optTemperature
        self.rows = rows
        self.thresholdPoints = thresholdPoints
        self.gapPoints = gapPoints
        self.illusionSuspected = illusionSuspected
        self.heldOutExamples = heldOutExamples
        self.attackedExamples = attackedExamples
    }

}
