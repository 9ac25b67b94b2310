/// Splits the engine's multiplexed stream (attach and logs of a container without a TTY) into frames: an 8-byte
/// header (stream 0 stdin, 1 stdout, 2 stderr; three zero bytes; a big-endian 32-bit length), then the payload.
struct FrameDemultiplexer {
    struct Frame {
        var stream: UInt8
        var payload: ArraySlice<UInt8>
    }

    private var buffer: [UInt8] = []
    private var start = 0
    /// Set when a header is not a frame header (the stream is not multiplexed); no frame is returned after that.
    private(set) var invalid = false

    mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The most bytes one frame may announce: the engines send at most tens of kilobytes per frame, so a larger
    /// length means the stream is not what it claims to be, and buffering it would hold any amount of memory.
    static let maximumFrameLength = 16 << 20

    /// The stream (0, 1 or 2) and payload length of an 8-byte frame header; nil when `header` is not one.
    static func header<Bytes: Collection>(_ header: Bytes) -> (stream: UInt8, length: Int)?
    where Bytes.Element == UInt8 {
        let bytes = Array(header.prefix(8))
        guard bytes.count == 8, bytes[0] <= 2, bytes[1] == 0, bytes[2] == 0, bytes[3] == 0 else { return nil }
        let length = bytes[4...].reduce(0) { $0 << 8 | Int($1) }
        return length <= maximumFrameLength ? (bytes[0], length) : nil
    }

    /// The next complete frame, or nil until more bytes arrive.
    mutating func next() -> Frame? {
        guard !invalid, buffer.count - start >= 8 else { return nil }
        guard let (stream, length) = Self.header(buffer[start..<start + 8]) else {
            invalid = true
            return nil
        }
        guard buffer.count - start - 8 >= length else { return nil }
        let payload = buffer[(start + 8)..<(start + 8 + length)]
        start += 8 + length
        return Frame(stream: stream, payload: payload)
    }
}
