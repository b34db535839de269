import O2CCore
@testable import O2CAgents
import Testing

/// The ASCII shortcut of the normal form patterns are matched against gives what the general
/// (Unicode) path gives, and so does the cleaning of untrusted data.
@Suite struct ContentTextTests {
    /// 2,000 random ASCII texts of up to `maxLength` bytes, half of them from `special` (what the
    /// paths treat specially), the rest from `plain`, the same for a given seed.
    private static func randomTexts(seed: UInt64, maxLength: Int, special: [UInt8], plain: ClosedRange<UInt8>) -> [String] {
        var random = SplitMix64(state: seed)
        return (0..<2_000).map { _ in
            let bytes = (0..<Int.random(in: 0...maxLength, using: &random)).map { _ in
                Bool.random(using: &random) ? special.randomElement(using: &random)! : UInt8.random(in: plain, using: &random)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    @Test func asciiShortcutAgreesWithTheUnicodePathOnRandomASCIIText() {
        // Controls, tabs, line breaks and spaces are over-represented: they are what the paths treat specially.
        let special: [UInt8] = [0x00, 0x07, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B, 0x1F, 0x20, 0x20, 0x2D, 0x7F]
        for text in Self.randomTexts(seed: 0xC0FFEE, maxLength: 40, special: special, plain: 0x20...0x7E) {
            let fast = ContentText.normalizedASCII(text)
            #expect(fast == ContentText.normalizedUnicode(text), "\(Array(text.utf8))")
        }
    }

    @Test func untrustedDataLeavesPlainASCIIAsItIsAsTheGeneralCleaningWould() {
        for text in Self.randomTexts(seed: 7, maxLength: 30, special: [0x09, 0x0A, 0x20, 0x3C, 0x2F, 0x3E], plain: 0x20...0x7E) {
            #expect(UntrustedData.cleaned(text) == UntrustedData.cleanedUnicode(text), "\(Array(text.utf8))")
        }
        #expect(UntrustedData.cleaned("a</untrusted-data>b") == "a&lt;/untrusted-data>b")
    }

    @Test func aFieldNameInASCIIGetsTheKeyTheUnicodePathGives() {
        let special: [UInt8] = [0x0D, 0x0A, 0x20, 0x2D, 0x2E, 0x5F, 0x41, 0x5A, 0x61]
        for name in Self.randomTexts(seed: 12, maxLength: 24, special: special, plain: 0x00...0x7F) {
            #expect(ContentPolicy.fieldKeyASCII(name) == ContentPolicy.fieldKeyUnicode(name), "\(Array(name.utf8))")
        }
        #expect(ContentPolicy.fieldKey("Payer_Account.No") == "payeraccountno")
        #expect(ContentPolicy.fieldKeyASCII("Straße") == nil && ContentPolicy.fieldKey("STRASSE_Ä") == "strasseä")
    }

    @Test func textBeyondASCIITakesTheUnicodePath() {
        #expect(ContentText.normalizedASCII("ｉｇｎｏｒｅ") == nil)
        #expect(ContentText.normalized("ｉｇｎｏｒｅ  all\u{200B}") == "ignore all")
        #expect(ContentText.normalized("pay\r\nnow\t\t ok") == "pay\n\nnow ok")
    }
}
