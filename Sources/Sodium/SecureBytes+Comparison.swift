import CSodium

extension SecureBytes: Equatable {
    /// Compares the contents of two buffers in constant time (for buffers of equal length).
    ///
    /// Uses `sodium_memcmp`, whose running time depends only on the length, never on where the first difference
    /// is. Buffers of different lengths are unequal; lengths are not secret.
    public func isEqual(to other: SecureBytes) -> Bool {
        if other === self { return true }
        guard count == other.count else { return false }
        return withUnsafeBytes { mine in
            other.withUnsafeBytes { theirs in
                Self.constantTimeEqual(mine, theirs)
            }
        }
    }

    /// Compares the contents with plain bytes in constant time (for inputs of equal length).
    public func isEqual(to bytes: [UInt8]) -> Bool {
        guard count == bytes.count else { return false }
        return withUnsafeBytes { mine in
            bytes.withUnsafeBytes { theirs in
                Self.constantTimeEqual(mine, theirs)
            }
        }
    }

    /// Constant-time equality of the contents; see ``isEqual(to:)-(SecureBytes)``.
    public static func == (lhs: SecureBytes, rhs: SecureBytes) -> Bool {
        lhs.isEqual(to: rhs)
    }

    private static func constantTimeEqual(
        _ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer
    ) -> Bool {
        guard lhs.count == rhs.count else { return false }
        guard let left = lhs.baseAddress, let right = rhs.baseAddress, lhs.count > 0 else {
            return true
        }
        return sodium_memcmp(left, right, lhs.count) == 0
    }
}

extension SecureBytes: CustomStringConvertible, CustomDebugStringConvertible {
    /// `SecureBytes(<redacted>, N bytes)`: the length only, never the contents.
    public var description: String {
        "SecureBytes(<redacted>, \(count) bytes)"
    }

    /// The same as ``description``: the contents are never shown.
    public var debugDescription: String {
        description
    }
}

extension SecureBytes: CustomReflectable {
    /// A mirror without children, so `dump` and debuggers' reflection show no bytes either.
    public var customMirror: Mirror {
        Mirror(self, children: [], displayStyle: .class)
    }
}
