import HiveKeepRuntime
import Testing

@Suite("stop grace setting")
struct StopGraceTests {
    @Test("seconds, fractions and milliseconds are read; the default is 10 s")
    func parses() {
        #expect(StopGrace.parse("3") == .seconds(3))
        #expect(StopGrace.parse("0.5") == .milliseconds(500))
        #expect(StopGrace.parse("2s") == .seconds(2))
        #expect(StopGrace.parse("1500ms") == .milliseconds(1500))
        #expect(StopGrace.parse(" 0 ") == .zero)
        #expect(StopGrace.from([:]) == .seconds(10))
        #expect(StopGrace.from(["HIVEKEEP_STOP_GRACE": "4"]) == .seconds(4))
    }

    @Test("a negative, unreadable or huge grace is ignored in favour of the default")
    func rejects() {
        for text in ["-1", "ten", "", "5m", "inf", "nan", "301"] {
            #expect(StopGrace.parse(text) == nil, "\(text)")
            #expect(StopGrace.from(["HIVEKEEP_STOP_GRACE": text]) == .seconds(10), "\(text)")
        }
        #expect(StopGrace.parse("300") == .seconds(300))
    }
}
