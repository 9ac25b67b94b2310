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

    /// The next complete frame, or nil until more bytes arrive.
    mutating func next() -> Frame? {
        guard !invalid, buffer.count - start >= 8 else { return nil }
        let header = buffer[start..<start + 8]
        let stream = header[start]
        guard stream <= 2, header[start + 1] == 0, header[start + 2] == 0, header[start + 3] == 0 else {
            invalid = true
            return nil
        }
        let length = header[(start + 4)...].reduce(0) { $0 << 8 | Int($1) }
        guard buffer.count - start - 8 >= length else { return nil }
        let payload = buffer[(start + 8)..<(start + 8 + length)]
        start += 8 + length
        return Frame(stream: stream, payload: payload)
    }
}
