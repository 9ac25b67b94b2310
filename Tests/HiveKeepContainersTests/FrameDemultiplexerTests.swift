import Testing

@testable import HiveKeepContainers

@Suite struct FrameDemultiplexerTests {
    func frame(_ stream: UInt8, _ text: String) -> [UInt8] {
        let payload = Array(text.utf8)
        let length = UInt32(payload.count)
        return [
            stream, 0, 0, 0, UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF),
            UInt8(length & 0xFF),
        ] + payload
    }

    @Test func framesSplitAcrossChunksComeOutWhole() {
        let bytes = frame(1, "hello\n") + frame(2, "oops") + frame(1, String(repeating: "x", count: 300))
        var frames = FrameDemultiplexer()
        var seen: [(UInt8, String)] = []
        for chunk in stride(from: 0, to: bytes.count, by: 5).map({ bytes[$0..<min($0 + 5, bytes.count)] }) {
            frames.append(chunk)
            while let next = frames.next() { seen.append((next.stream, String(decoding: next.payload, as: UTF8.self))) }
        }
        #expect(seen.map(\.0) == [1, 2, 1])
        #expect(seen.map(\.1) == ["hello\n", "oops", String(repeating: "x", count: 300)])
        #expect(!frames.invalid)
    }

    @Test func anUnframedStreamIsNoticed() {
        var frames = FrameDemultiplexer()
        frames.append(Array("plain text output\n".utf8))
        #expect(frames.next() == nil)
        #expect(frames.invalid)
    }

    @Test func aFrameAnnouncingMoreThanTheLimitIsNoticedBeforeItIsBuffered() {
        var frames = FrameDemultiplexer()
        // 0x7fffffff bytes announced: refused at the header, not awaited.
        frames.append([1, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF] + Array("x".utf8))
        #expect(frames.next() == nil)
        #expect(frames.invalid)
        #expect(FrameDemultiplexer.header([2, 0, 0, 0, 0x01, 0, 0, 0]) != nil)
        #expect(FrameDemultiplexer.header([2, 0, 0, 0, 0x01, 0, 0, 1]) == nil)
    }
}
