import CSodium

/// Base64 (standard alphabet, padded) of secret bytes without leaving guarded memory, for stores that hold only text
/// (a keyring item): libsodium `sodium_bin2base64` and `sodium_base642bin`, which run in constant time.
extension SecureBytes {
    /// The bytes as standard, padded base64 text (no NUL terminator) in a new guarded buffer.
    public func base64Encoded() throws(SodiumError) -> SecureBytes {
        try Sodium.initialize()
        let variant = Int32(sodium_base64_VARIANT_ORIGINAL)
        // The length sodium_base64_ENCODED_LEN gives, including the NUL terminator.
        let withTerminator = (count + 2) / 3 * 4 + 1
        let text = try SecureBytes(count: withTerminator)
        let written = text.withMutableBytePointer { output in
            withBytePointer { input in
                sodium_bin2base64(output, withTerminator, input, count, variant)
            }
        }
        guard written != nil else {
            throw .operationFailed(function: "sodium_bin2base64", code: -1)
        }
        return try text.withUnsafeBytes { (bytes) throws(SodiumError) in
            try SecureBytes(copying: UnsafeRawBufferPointer(rebasing: bytes[0..<(withTerminator - 1)]))
        }
    }

    /// Decodes standard, padded base64 text held in `text` into a new guarded buffer.
    ///
    /// - Throws: ``SodiumError/invalidParameters(_:)`` when the text is not base64 of that form (the message never
    ///   contains the text).
    public static func decodingBase64(_ text: SecureBytes) throws(SodiumError) -> SecureBytes {
        try Sodium.initialize()
        let variant = Int32(sodium_base64_VARIANT_ORIGINAL)
        let capacity = text.count / 4 * 3
        let output = try SecureBytes(count: capacity)
        var decodedLength = 0
        var end: UnsafePointer<CChar>? = nil
        let status = output.withMutableBytePointer { binary in
            text.withBytePointer { input in
                input.withMemoryRebound(to: CChar.self, capacity: text.count) { characters in
                    sodium_base642bin(binary, capacity, characters, text.count, nil, &decodedLength, &end, variant)
                }
            }
        }
        let consumedAll = text.withBytePointer { input in
            end.map { UnsafeRawPointer($0) == UnsafeRawPointer(input) + text.count } ?? false
        }
        guard status == 0, consumedAll else {
            throw .invalidParameters("the text is not standard padded base64")
        }
        return try output.withUnsafeBytes { (bytes) throws(SodiumError) in
            try SecureBytes(copying: UnsafeRawBufferPointer(rebasing: bytes[0..<decodedLength]))
        }
    }
}
