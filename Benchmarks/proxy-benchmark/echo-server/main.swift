// A minimal stdio MCP server for the proxy benchmark: one tool, `echo`, answered from raw bytes with no JSON library,
// so that what the benchmark measures through a proxy is the proxy's own cost. Reads newline-delimited JSON-RPC on
// stdin, writes the replies to one batch per read on stdout, and exits on end of input.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

let responder = EchoResponder()
var pending: [UInt8] = []
var chunk = [UInt8](repeating: 0, count: 65536)
var out: [UInt8] = []
out.reserveCapacity(65536)

func writeAll(_ bytes: [UInt8]) -> Bool {
    var offset = 0
    while offset < bytes.count {
        // `offset < bytes.count`, so the buffer is not empty and has a base address.
        let written = bytes.withUnsafeBytes { write(1, $0.baseAddress! + offset, $0.count - offset) }
        if written < 0, errno == EINTR { continue }
        if written <= 0 { return false }
        offset += written
    }
    return true
}

reading: while true {
    let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
    if count < 0, errno == EINTR { continue }
    if count <= 0 { break }
    pending += chunk[0..<count]
    var start = 0
    while let newline = pending[start...].firstIndex(of: 0x0A) {
        if newline > start { responder.respond(to: pending, in: start..<newline, into: &out) }
        start = newline + 1
    }
    pending.removeFirst(start)
    if !out.isEmpty {
        guard writeAll(out) else { break reading }
        out.removeAll(keepingCapacity: true)
    }
}
