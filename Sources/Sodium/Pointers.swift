/// Typed views of raw buffers for libsodium's `unsigned char *` parameters.
///
/// libsodium only reads and writes the bytes, so treating untyped memory as `UInt8` here is the same as C's
/// `unsigned char` aliasing rule. An empty buffer may have a `nil` base address; libsodium accepts `NULL` together
/// with a zero length wherever its header does not declare the parameter `nonnull`.
extension UnsafeRawBufferPointer {
    var bytePointer: UnsafePointer<UInt8>? {
        baseAddress?.assumingMemoryBound(to: UInt8.self)
    }

    var byteCount: UInt64 {
        UInt64(count)
    }

    /// Calls `body` with a never-null pointer: the base address, or the address of a zero byte when empty.
    func withNonNullBytePointer<Result>(_ body: (UnsafePointer<UInt8>) -> Result) -> Result {
        if let bytePointer {
            return body(bytePointer)
        }
        let placeholder: UInt8 = 0
        return withUnsafePointer(to: placeholder) { body($0) }
    }
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` for a body with typed throws (the standard library's version only rethrows `any Error`).
    func withBytes<Result>(
        _ body: (UnsafeRawBufferPointer) throws(SodiumError) -> Result
    ) throws(SodiumError) -> Result {
        try withUnsafeBytes { bytes in
            Swift.Result { () throws(SodiumError) -> Result in try body(bytes) }
        }.get()
    }
}

extension Int32 {
    /// Throws ``SodiumError/operationFailed(function:code:)`` unless this libsodium return code is 0.
    func check(_ function: String) throws(SodiumError) {
        guard self == 0 else {
            throw .operationFailed(function: function, code: self)
        }
    }
}
