/// Number formats shared by reports and gate messages; fixed precision so they diff cleanly.
public enum Format {
    public static func percent(_ value: Double?) -> String {
        guard let value else { return "n/a" }
        return fixed(value * 100, digits: 1) + "%"
    }

    public static func number(_ value: Double?, digits: Int = 1) -> String {
        guard let value else { return "n/a" }
        return fixed(value, digits: digits)
    }

    public static func fixed(_ value: Double, digits: Int) -> String {
        let scale = (0..<digits).reduce(1.0) { result, _ in result * 10 }
        let rounded = (value * scale).rounded() / scale
        var text = String(rounded)
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            text += String(repeating: "0", count: max(0, digits - decimals))
        } else if digits > 0 {
            text += "." + String(repeating: "0", count: digits)
        }
        return digits == 0 ? String(text.prefix { $0 != "." }) : text
    }

    /// A p-value as a reader expects it: "p = 0.0123", or "p < 0.0001" when smaller.
    public static func pValue(_ p: Double) -> String {
        p < 0.0001 ? "p < 0.0001" : "p = " + fixed(p, digits: 4)
    }

    /// A value with its sign, one decimal, a true minus sign: "−22.2", "+4.5", "0.0".
    public static func signed(_ value: Double) -> String {
        let magnitude = fixed(abs(value), digits: 1)
        if magnitude == "0.0" { return "0.0" }
        return (value < 0 ? "−" : "+") + magnitude
    }

    /// Drop in percentage points, signed.
    public static func points(from before: Double?, to after: Double?) -> String {
        guard let before, let after else { return "n/a" }
        let drop = (before - after) * 100
        let magnitude = fixed(abs(drop), digits: 1)
        if magnitude == "0.0" { return "0.0 pp" }
        return (drop >= 0 ? "−" : "+") + magnitude + " pp"
    }
}
