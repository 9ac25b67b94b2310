import Sodium

/// The plaintext map: `count`, then per entry in ascending key order key length, key, value length, value.
///
/// Values go from one `SecureBytes` to another; they never pass through `String`, JSON or an ordinary array.
enum VaultCodec {
    /// Serializes `entries` into guarded memory.
    static func encode(_ entries: [String: SecureBytes]) throws -> SecureBytes {
        let sorted = entries.map { (key: Array($0.key.utf8), value: $0.value) }.sorted {
            $0.key.lexicographicallyPrecedes($1.key)
        }
        let total = sorted.reduce(4) { $0 + 8 + $1.key.count + $1.value.count }
        guard sorted.count <= UInt32.max,
            sorted.allSatisfy({ $0.key.count <= UInt32.max && $0.value.count <= UInt32.max })
        else { throw VaultError.malformedContents }
        let plaintext = try SecureBytes(count: total)
        plaintext.withUnsafeMutableBytes { output in
            BigEndian.write(UInt32(sorted.count), to: output, at: 0)
            var offset = 4
            for entry in sorted {
                BigEndian.write(UInt32(entry.key.count), to: output, at: offset)
                offset += 4
                for byte in entry.key {
                    output[offset] = byte
                    offset += 1
                }
                BigEndian.write(UInt32(entry.value.count), to: output, at: offset)
                offset += 4
                entry.value.withUnsafeBytes { value in
                    UnsafeMutableRawBufferPointer(rebasing: output[offset..<offset + value.count]).copyMemory(
                        from: value)
                }
                offset += entry.value.count
            }
        }
        return plaintext
    }

    /// Parses a plaintext map; every byte must be consumed and keys must be unique, valid UTF-8.
    static func decode(_ plaintext: SecureBytes) throws -> [String: SecureBytes] {
        try plaintext.withUnsafeBytes { (bytes) throws -> [String: SecureBytes] in
            var reader = Reader(bytes: bytes)
            let count = try reader.length()
            var entries: [String: SecureBytes] = [:]
            for _ in 0..<count {
                let keyBytes = try reader.slice(try reader.length())
                guard let key = String(validating: keyBytes, as: UTF8.self), !key.isEmpty, entries[key] == nil
                else { throw VaultError.malformedContents }
                entries[key] = try SecureBytes(copying: try reader.slice(try reader.length()))
            }
            guard reader.offset == bytes.count else { throw VaultError.malformedContents }
            return entries
        }
    }

    /// A bounds-checked cursor over the plaintext.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        mutating func length() throws -> Int {
            guard bytes.count - offset >= 4 else { throw VaultError.malformedContents }
            defer { offset += 4 }
            return Int(BigEndian.read(UInt32.self, from: bytes, at: offset))
        }

        mutating func slice(_ length: Int) throws -> UnsafeRawBufferPointer {
            guard bytes.count - offset >= length else { throw VaultError.malformedContents }
            defer { offset += length }
            return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length])
        }
    }
}
