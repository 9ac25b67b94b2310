import Sodium

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A decoded map held in one guarded buffer: the plaintext exactly as sealed, and where each entry lies in it.
///
/// Opening a vault costs one `sodium_malloc` however many secrets it holds; a value is copied out of the buffer
/// only when asked for. The buffer is never written after `init`, so one map is shared by every copy of a
/// ``VaultContents`` and by any number of threads.
final class VaultMap: Sendable {
    /// Where one entry lies in ``plaintext``: its key bytes and its value bytes.
    struct Entry: Sendable {
        var keyStart: Int
        var keyLength: Int
        var valueStart: Int
        var valueLength: Int

        /// The whole record: key length, key, value length, value.
        var record: Range<Int> { (keyStart - 4)..<(valueStart + valueLength) }
    }

    /// The serialized map (``VaultCodec`` layout).
    let plaintext: SecureBytes
    /// Every entry in ascending key byte order, each key once.
    let entries: [Entry]

    init(plaintext: SecureBytes, entries: [Entry]) {
        self.plaintext = plaintext
        self.entries = entries
    }

    /// The keys in ascending byte order (they were checked to be UTF-8 when the map was decoded or encoded).
    var keys: [String] {
        plaintext.withUnsafeBytes { bytes in
            entries.map { String(decoding: Self.key(of: $0, in: bytes), as: UTF8.self) }
        }
    }

    /// Whether `key` is in the map.
    func contains(_ key: String) -> Bool {
        index(of: key) != nil
    }

    /// A copy of the value stored under `key` in its own guarded buffer, or nil.
    func value(_ key: String) throws(SodiumError) -> SecureBytes? {
        guard let index = index(of: key) else { return nil }
        let entry = entries[index]
        return try plaintext.withUnsafeBytes { (bytes) throws(SodiumError) in
            try SecureBytes(
                copying: UnsafeRawBufferPointer(
                    rebasing: bytes[entry.valueStart..<entry.valueStart + entry.valueLength]))
        }
    }

    /// The position of `key` in ``entries`` (binary search on the key bytes), or nil.
    func index(of key: String) -> Int? {
        var key = key
        return key.withUTF8 { utf8 in
            plaintext.withUnsafeBytes { bytes in
                let wanted = UnsafeRawBufferPointer(utf8)
                var low = 0
                var high = entries.count
                while low < high {
                    let middle = (low + high) / 2
                    let order = Self.compare(Self.key(of: entries[middle], in: bytes), wanted)
                    if order == 0 { return middle }
                    if order < 0 { low = middle + 1 } else { high = middle }
                }
                return nil
            }
        }
    }

    /// The key bytes of `entry` inside `bytes` (this map's plaintext).
    static func key(of entry: Entry, in bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[entry.keyStart..<entry.keyStart + entry.keyLength])
    }

    /// Byte-wise order of two keys: negative, zero or positive like `memcmp`, the shorter first on a common prefix.
    static func compare(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Int {
        let common = min(lhs.count, rhs.count)
        if common > 0, let left = lhs.baseAddress, let right = rhs.baseAddress {
            let order = memcmp(left, right, common)
            if order != 0 { return Int(order) }
        }
        return lhs.count - rhs.count
    }
}
