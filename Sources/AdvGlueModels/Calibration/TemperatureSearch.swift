import Foundation

/// One-dimensional searches over log T for the calibration probe.
public enum TemperatureSearch {
    /// The T > 0 minimising held-out negative log-likelihood (`cal`): golden-section
    /// search over log T in [10⁻⁴, 10⁴], which holds NLL's single minimum for any model
    /// that is right more often than chance.
    ///
    /// Complexity: O(iterations · n · classes).
    public static func calibrated(logits: [[Float]], labels: [Int], iterations: Int = 60) -> Double {
        let f = { (logT: Double) in
            CalibrationMeasures(logits: logits, labels: labels, temperature: Foundation.exp(logT)).negativeLogLikelihood
        }
        return Foundation.exp(
            goldenSection(f, low: Foundation.log(1e-4), high: Foundation.log(1e4), iterations: iterations))
    }

    static func goldenSection(_ f: (Double) -> Double, low: Double, high: Double, iterations: Int) -> Double {
        let ratio = (5.0.squareRoot() - 1) / 2
        var a = low
        var b = high
        var c = b - ratio * (b - a)
        var d = a + ratio * (b - a)
        var fc = f(c)
        var fd = f(d)
        for _ in 0..<iterations {
            if fc < fd {
                b = d
                d = c
                fd = fc
                c = b - ratio * (b - a)
                fc = f(c)
            } else {
                a = c
                c = d
                fc = fd
                d = a + ratio * (b - a)
                fd = f(d)
            }
        }
        return (a + b) / 2
    }

    /// Brent's method (parabolic steps with golden-section fallback) minimising `f` over
    /// [low, high] with at most `evaluations` calls; returns the best point seen and its
    /// value. Suits the probe's `opt`, where each evaluation is a whole attack run.
    public static func brent(
        _ f: (Double) async throws -> Double, low: Double, high: Double,
        evaluations: Int
    ) async rethrows -> (x: Double, value: Double) {
        let golden = 0.381_966_011_250_105
        var a = low
        var b = high
        var x = a + golden * (b - a)
        var w = x
        var v = x
        var fx = try await f(x)
        var fw = fx
        var fv = fx
        var d = 0.0
        var e = 0.0
        var used = 1
        while used < evaluations {
            let middle = (a + b) / 2
            let tolerance = 1e-3 * abs(x) + 1e-6
            if abs(x - middle) <= 2 * tolerance - (b - a) / 2 { break }
            var parabolic = false
            if abs(e) > tolerance {
                let r = (x - w) * (fx - fv)
                var q = (x - v) * (fx - fw)
                var p = (x - v) * q - (x - w) * r
                q = 2 * (q - r)
                if q > 0 { p = -p } else { q = -q }
                if abs(p) < abs(0.5 * q * e), p > q * (a - x), p < q * (b - x) {
                    e = d
                    d = p / q
                    parabolic = true
                }
            }
            if !parabolic {
                e = (x >= middle ? a : b) - x
                d = golden * e
            }
            let u = abs(d) >= tolerance ? x + d : x + (d > 0 ? tolerance : -tolerance)
            let fu = try await f(u)
            used += 1
            if fu <= fx {
                if u >= x { a = x } else { b = x }
                (v, fv, w, fw, x, fx) = (w, fw, x, fx, u, fu)
            } else {
                if u < x { a = u } else { b = u }
                if fu <= fw || w == x {
                    (v, fv, w, fw) = (w, fw, u, fu)
                } else if fu <= fv || v == x || v == w {
                    (v, fv) = (u, fu)
                }
            }
        }
        return (x, fx)
    }
}
