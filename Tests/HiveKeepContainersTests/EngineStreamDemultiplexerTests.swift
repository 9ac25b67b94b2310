import Foundation
import HiveKeepTestSupport
import NIOCore
import NIOEmbedded
import Synchronization
import Testing

@testable import HiveKeepContainers

/// The attach stream's demultiplexer on an embedded channel (the seam; the engine tests drive it for real).
@Suite struct EngineStreamDemultiplexerTests {
    func frame(_ stream: UInt8, _ text: String) -> [UInt8] {
        let payload = Array(text.utf8)
        let length = UInt32(payload.count)
        return [stream, 0, 0, 0] + withUnsafeBytes(of: length.bigEndian) { Array($0) } + payload
    }

    @Test func stdoutGoesOnWholeAcrossReadsAndStderrToTheLog() async throws {
        let directory = try TemporaryDirectory(prefix: "demux")
        defer { directory.remove() }
        let log = try ContainerStderrLog(path: directory.child("stderr.log"))
        let ended = EndFlag()
        let channel = EmbeddedChannel(
            handler: EngineStreamDemultiplexer(leftover: frame(1, "early\n"), stderr: log) { ended.set() })
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).get()
        #expect(try channel.readInbound(as: ByteBuffer.self).map { String(buffer: $0) } == "early\n")
        let bytes = frame(2, "warning\n") + frame(1, "hello\n") + frame(0, "ignored") + frame(1, "world\n")
        for chunk in stride(from: 0, to: bytes.count, by: 3).map({ bytes[$0..<min($0 + 3, bytes.count)] }) {
            try channel.writeInbound(ByteBuffer(bytes: chunk))
        }
        var stdout = ""
        while let buffer = try channel.readInbound(as: ByteBuffer.self) { stdout += String(buffer: buffer) }
        #expect(stdout == "hello\nworld\n")
        #expect(!ended.value)
        _ = try channel.finish()
        #expect(ended.value)
        await log.flushed()
        #expect(try String(contentsOfFile: directory.child("stderr.log"), encoding: .utf8) == "warning\n")
    }

    @Test(arguments: [
        [UInt8]("plain text\n".utf8),  // not multiplexed at all
        [1, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF],  // announces 2 GiB
        [9, 0, 0, 0, 0, 0, 0, 1, 65],  // no such stream
    ])
    func aStreamThatIsNotFramedClosesTheChannel(bytes: [UInt8]) throws {
        let channel = EmbeddedChannel(
            handler: EngineStreamDemultiplexer(leftover: [], stderr: nil) {})
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        #expect(throws: EngineStreamDemultiplexer.NotMultiplexed.self) {
            try channel.writeInbound(ByteBuffer(bytes: bytes))
        }
        #expect(!channel.isActive)
        #expect(try channel.readInbound(as: ByteBuffer.self) == nil)
    }
}

private final class EndFlag: Sendable {
    private let flag = Mutex(false)
    func set() { flag.withLock { $0 = true } }
    var value: Bool { flag.withLock { $0 } }
}
