import AdvGlueSupport
import CICUShim

/// UTS #39 confusable skeletons from ICU's spoof checker: two strings that look
/// alike ("paypal" in Latin and with a Cyrillic "а") share a skeleton.
public enum Confusables {
    /// Complexity: O(n) in the length of `text`.
    public static func skeleton(_ text: String) throws(AdvGlueError) -> String {
        let utf16 = Array(text.utf16)
        var capacity = max(16, utf16.count * 4)
        while true {
            var out = [UInt16](repeating: 0, count: capacity)
            var errorCode: Int32 = 0
            let n = advglue_icu_confusable_skeleton(utf16, Int32(utf16.count), &out, Int32(capacity), &errorCode)
            if n < 0 { throw icuFailure("compute a confusable skeleton", code: errorCode) }
            if Int(n) <= capacity { return String(decoding: out.prefix(Int(n)), as: UTF16.self) }
            capacity = Int(n)
        }
    }
}
