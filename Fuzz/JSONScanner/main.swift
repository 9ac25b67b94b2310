// libFuzzer target: the proxy's byte-level JSON scanner (Sources/HiveKeepProxy/JSONBytes.swift, compiled in).
// Any input must be scanned or refused with `Malformed`: never a crash, a hang or a read out of bounds.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var index = 0
    guard (try? JSONBytes.skipValue(bytes, &index)) != nil else { return 0 }
    precondition(index <= bytes.count, "skipValue ran past the end")
    let whole = 0..<index
    guard JSONBytes.isObject(bytes, whole) else { return 0 }
    for key in ["jsonrpc", "id", "method", "params", "result"] {
        if let value = JSONBytes.member(key, of: bytes, in: whole) {
            precondition(value.upperBound <= bytes.count)
            _ = JSONBytes.string(bytes, value)
            if JSONBytes.isObject(bytes, value) { _ = JSONBytes.member("name", of: bytes, in: value) }
        }
    }
    _ = JSONBytes.removingMembers(["id", "params"], from: whole, of: bytes)
    _ = JSONBytes.inserting(Array(#""x":1"#.utf8), into: whole, of: bytes)
    return 0
}
