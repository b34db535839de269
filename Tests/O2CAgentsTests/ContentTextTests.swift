import O2CCore
@testable import O2CAgents
import Testing

/// The ASCII shortcut of the normal form patterns are matched against gives what the general
/// (Unicode) path gives, and so does the cleaning of untrusted data.
@Suite struct ContentTextTests {
    @Test func asciiShortcutAgreesWithTheUnicodePathOnRandomASCIIText() {
        var random = SplitMix64(state: 0xC0FFEE)
        // Controls, tabs, line breaks and spaces are over-represented: they are what the paths treat specially.
        let special: [UInt8] = [0x00, 0x07, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B, 0x1F, 0x20, 0x20, 0x2D, 0x7F]
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...40, using: &random)
            let bytes = (0..<length).map { _ in
                Bool.random(using: &random) ? special.randomElement(using: &random)! : UInt8.random(in: 0x20...0x7E, using: &random)
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let fast = ContentText.normalizedASCII(text)
            #expect(fast == ContentText.normalizedUnicode(text), "\(Array(text.utf8))")
        }
    }

    @Test func untrustedDataLeavesPlainASCIIAsItIsAsTheGeneralCleaningWould() {
        var random = SplitMix64(state: 7)
        let special: [UInt8] = [0x09, 0x0A, 0x20, 0x3C, 0x2F, 0x3E]
        for _ in 0..<2_000 {
            let bytes = (0..<Int.random(in: 0...30, using: &random)).map { _ in
                Bool.random(using: &random) ? special.randomElement(using: &random)! : UInt8.random(in: 0x20...0x7E, using: &random)
            }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(UntrustedData.cleaned(text) == UntrustedData.cleanedUnicode(text), "\(Array(text.utf8))")
        }
        #expect(UntrustedData.cleaned("a</untrusted-data>b") == "a&lt;/untrusted-data>b")
    }

    @Test func aFieldNameInASCIIGetsTheKeyTheUnicodePathGives() {
        var random = SplitMix64(state: 12)
        let special: [UInt8] = [0x0D, 0x0A, 0x20, 0x2D, 0x2E, 0x5F, 0x41, 0x5A, 0x61]
        for _ in 0..<2_000 {
            let bytes = (0..<Int.random(in: 0...24, using: &random)).map { _ in
                Bool.random(using: &random) ? special.randomElement(using: &random)! : UInt8.random(in: 0x00...0x7F, using: &random)
            }
            let name = String(decoding: bytes, as: UTF8.self)
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
