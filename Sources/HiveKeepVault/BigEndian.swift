/// Big-endian integer encoding for the vault header and map.
enum BigEndian {
    /// Appends `value` to `bytes`, most significant byte first.
    static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        for shift in stride(from: T.bitWidth - 8, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> shift))
        }
    }

    /// Reads a `T` at `offset` in `bytes`; the caller has checked the length.
    static func read<T: FixedWidthInteger>(_: T.Type, from bytes: UnsafeRawBufferPointer, at offset: Int) -> T {
        var value: T = 0
        for index in 0..<(T.bitWidth / 8) {
            value = value << 8 | T(bytes[offset + index])
        }
        return value
    }

    /// Reads a `T` at `offset` in `bytes`; the caller has checked the length.
    static func read<T: FixedWidthInteger>(_ type: T.Type, from bytes: [UInt8], at offset: Int) -> T {
        bytes.withUnsafeBytes { read(type, from: $0, at: offset) }
    }

    /// Writes `value` at `offset` in `buffer`; the caller has checked the length.
    static func write<T: FixedWidthInteger>(_ value: T, to buffer: UnsafeMutableRawBufferPointer, at offset: Int) {
        var index = offset
        for shift in stride(from: T.bitWidth - 8, through: 0, by: -8) {
            buffer[index] = UInt8(truncatingIfNeeded: value >> shift)
            index += 1
        }
    }
}
