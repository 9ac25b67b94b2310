import Sodium

/// The plaintext map: `count`, then per entry in ascending key order key length, key, value length, value.
///
/// Values go from one guarded buffer to another; they never pass through `String`, JSON or an ordinary array.
enum VaultCodec {
    /// A key set (with its new value) or removed (nil) since the base map was read.
    typealias Change = (key: [UInt8], value: SecureBytes?)

    /// Serializes `base` with `changes` applied into one guarded buffer; `changes` must be in ascending key order.
    ///
    /// Unchanged records are copied from the base buffer as they are; the result lists its own entries.
    static func encode(base: VaultMap?, changes: [Change]) throws -> VaultMap {
        try withBytes(of: base?.plaintext) { (source) throws -> VaultMap in
            let pieces = merge(base: base?.entries ?? [], in: source, with: changes)
            var total = 4
            for piece in pieces {
                switch piece {
                case .kept(let entry): total += entry.record.count
                case .changed(let change): total += 8 + change.key.count + (change.value?.count ?? 0)
                }
            }
            guard pieces.count <= UInt32.max,
                changes.allSatisfy({ $0.key.count <= UInt32.max && ($0.value?.count ?? 0) <= UInt32.max })
            else { throw VaultError.malformedContents }
            let plaintext = try SecureBytes(count: total)
            var entries: [VaultMap.Entry] = []
            entries.reserveCapacity(pieces.count)
            // `source` is another allocation: reading it while writing the output is no overlapping access.
            plaintext.withUnsafeMutableBytes { output in
                BigEndian.write(UInt32(pieces.count), to: output, at: 0)
                var writer = Writer(output: output, offset: 4)
                for piece in pieces {
                    switch piece {
                    case .kept(let entry):
                        entries.append(writer.copyRecord(entry, from: source))
                    case .changed(let change):
                        guard let value = change.value else { continue }
                        entries.append(value.withUnsafeBytes { writer.append(key: change.key, value: $0) })
                    }
                }
            }
            return VaultMap(plaintext: plaintext, entries: entries)
        }
    }

    /// Parses a plaintext map; every byte must be consumed and keys must be unique, valid UTF-8 and not empty.
    ///
    /// Entries are indexed, not copied: the map keeps `plaintext` itself.
    static func decode(_ plaintext: SecureBytes) throws -> VaultMap {
        let entries = try plaintext.withUnsafeBytes { (bytes) throws -> [VaultMap.Entry] in
            var reader = Reader(bytes: bytes)
            let count = try reader.length()
            // Every record takes at least 9 bytes: a corrupt count cannot reserve much.
            var entries: [VaultMap.Entry] = []
            entries.reserveCapacity(min(count, bytes.count / 9))
            var ascending = true
            for _ in 0..<count {
                let keyLength = try reader.length()
                let keyStart = reader.offset
                let key = try reader.slice(keyLength)
                guard keyLength > 0, String(validating: key.assumingMemoryBound(to: UInt8.self), as: UTF8.self) != nil
                else { throw VaultError.malformedContents }
                let valueLength = try reader.length()
                let valueStart = reader.offset
                _ = try reader.slice(valueLength)
                let entry = VaultMap.Entry(
                    keyStart: keyStart, keyLength: keyLength, valueStart: valueStart, valueLength: valueLength)
                if let previous = entries.last, VaultMap.compare(VaultMap.key(of: previous, in: bytes), key) >= 0 {
                    ascending = false
                }
                entries.append(entry)
            }
            guard reader.offset == bytes.count else { throw VaultError.malformedContents }
            return ascending ? entries : try sorted(entries, in: bytes)
        }
        return VaultMap(plaintext: plaintext, entries: entries)
    }

    /// `entries` in ascending key order, for a map whose writer did not sort; a key listed twice is malformed.
    private static func sorted(_ entries: [VaultMap.Entry], in bytes: UnsafeRawBufferPointer) throws
        -> [VaultMap.Entry]
    {
        let sorted = entries.sorted {
            VaultMap.compare(VaultMap.key(of: $0, in: bytes), VaultMap.key(of: $1, in: bytes)) < 0
        }
        for index in sorted.indices.dropFirst()
        where VaultMap.compare(
            VaultMap.key(of: sorted[index - 1], in: bytes), VaultMap.key(of: sorted[index], in: bytes))
            == 0
        {
            throw VaultError.malformedContents
        }
        return sorted
    }

    /// One record of the output: a base entry kept as it is, or a change that sets a value.
    private enum Piece {
        case kept(VaultMap.Entry)
        case changed(Change)
    }

    /// Merges the sorted base entries (keys in `bytes`) with the sorted changes; a change replaces or removes the
    /// base entry with its key.
    private static func merge(base: [VaultMap.Entry], in bytes: UnsafeRawBufferPointer, with changes: [Change])
        -> [Piece]
    {
        guard !changes.isEmpty else { return base.map { .kept($0) } }
        var pieces: [Piece] = []
        pieces.reserveCapacity(base.count + changes.count)
        var next = 0
        for change in changes {
            change.key.withUnsafeBytes { key in
                while next < base.count, VaultMap.compare(VaultMap.key(of: base[next], in: bytes), key) < 0 {
                    pieces.append(.kept(base[next]))
                    next += 1
                }
                if next < base.count, VaultMap.compare(VaultMap.key(of: base[next], in: bytes), key) == 0 {
                    next += 1
                }
            }
            if change.value != nil { pieces.append(.changed(change)) }
        }
        pieces += base[next...].map { .kept($0) }
        return pieces
    }

    /// Calls `body` with the bytes of `buffer`, or with an empty buffer when there is none.
    private static func withBytes<T>(of buffer: SecureBytes?, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T
    {
        guard let buffer else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try buffer.withUnsafeBytes { (bytes) throws -> T in try body(bytes) }
    }

    /// Writes records into the output buffer, returning where each one's key and value went.
    private struct Writer {
        let output: UnsafeMutableRawBufferPointer
        var offset: Int

        /// Copies the record of `entry` from `source` (the base plaintext).
        mutating func copyRecord(_ entry: VaultMap.Entry, from source: UnsafeRawBufferPointer) -> VaultMap.Entry {
            let record = entry.record
            let start = offset
            UnsafeMutableRawBufferPointer(rebasing: output[start..<start + record.count]).copyMemory(
                from: UnsafeRawBufferPointer(rebasing: source[record]))
            offset += record.count
            return VaultMap.Entry(
                keyStart: start + 4, keyLength: entry.keyLength,
                valueStart: start + 8 + entry.keyLength, valueLength: entry.valueLength)
        }

        /// Appends a record for `key` and `value`.
        mutating func append(key: [UInt8], value: UnsafeRawBufferPointer) -> VaultMap.Entry {
            let keyStart = offset + 4
            let valueStart = keyStart + key.count + 4
            BigEndian.write(UInt32(key.count), to: output, at: offset)
            key.withUnsafeBytes { bytes in
                UnsafeMutableRawBufferPointer(rebasing: output[keyStart..<keyStart + key.count]).copyMemory(from: bytes)
            }
            BigEndian.write(UInt32(value.count), to: output, at: valueStart - 4)
            UnsafeMutableRawBufferPointer(rebasing: output[valueStart..<valueStart + value.count]).copyMemory(
                from: value)
            offset = valueStart + value.count
            return VaultMap.Entry(
                keyStart: keyStart, keyLength: key.count, valueStart: valueStart, valueLength: value.count)
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
