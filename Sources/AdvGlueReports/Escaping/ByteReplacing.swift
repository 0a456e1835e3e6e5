extension String {
    /// Every occurrence of the ASCII character `byte` replaced by `replacement`, found
    /// byte by byte: unlike Foundation's `replacingOccurrences(of:with:)`, a quote or a
    /// line break followed by a combining mark is still found (an escape must never
    /// miss one), and nothing is bridged to `NSString`.
    ///
    /// ```swift
    /// "say \"hi\"".replacingEvery(0x22, with: "\"\"") // "say \"\"hi\"\""
    /// ```
    /// Complexity: O(n).
    func replacingEvery(_ byte: UInt8, with replacement: String) -> String {
        precondition(byte < 0x80, "only an ASCII byte is a whole character in UTF-8")
        guard utf8.contains(byte) else { return self }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count + 16)
        for unit in utf8 {
            if unit == byte { bytes.append(contentsOf: replacement.utf8) } else { bytes.append(unit) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
