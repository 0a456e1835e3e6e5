import AdvGlueSupport
import Testing

@Suite("Bounded memo")
struct BoundedMemoTests {
    @Test func keepsAnswersInUseAndForgetsTheRest() {
        var memo = BoundedMemo<String, Int>(limit: 2)
        memo.insert(1, for: "a")
        memo.insert(2, for: "b")
        memo.insert(3, for: "c")  // a and b move to the older generation
        #expect(memo.value(for: "a") == 1)  // found there, a moves back to the newer
        memo.insert(4, for: "d")  // newer (c, a) is full: b is dropped
        #expect(memo.value(for: "b") == nil)
        #expect(memo.value(for: "a") == 1)
        #expect(memo.value(for: "c") == 3)
        #expect(memo.value(for: "d") == 4)
    }

    @Test(arguments: [1, 2, 7, 64])
    func neverHoldsMoreThanTwiceItsLimit(_ limit: Int) {
        var memo = BoundedMemo<Int, Int>(limit: limit)
        for key in 0..<10_000 {
            memo.insert(key * 2, for: key)
            #expect(memo.count <= 2 * limit)
            #expect(memo.value(for: key) == key * 2)
        }
        // The last `limit` answers are always kept.
        for key in (10_000 - limit)..<10_000 { #expect(memo.value(for: key) == key * 2) }
    }
}
