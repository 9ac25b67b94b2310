import CLibSecret

/// Secret text in one NUL-terminated buffer that is zeroed when it is freed.
///
/// Either a copy HiveKeep made of a caller's secret (for a store) or a password libsecret returned from non-pageable
/// memory (for a lookup), which only `secret_password_free` may release; it zeroes it too.
final class SecretBytes: @unchecked Sendable {
    // @unchecked: the buffer is immutable after init and owned by one party at a time (the caller, then the worker
    // thread, or the reverse); it is freed exactly once, in deinit.
    private enum Owner {
        case swift
        case libsecret
    }

    private let base: UnsafeMutablePointer<CChar>
    private let owner: Owner
    /// The number of secret bytes, without the terminating NUL.
    let count: Int

    /// Copies `bytes` into a new NUL-terminated buffer.
    ///
    /// - Throws: ``KeyringError/invalidArgument(_:)`` when the bytes are not UTF-8 text or contain a NUL byte:
    ///   libsecret stores passwords as C strings.
    init(copyingText bytes: UnsafeRawBufferPointer) throws(KeyringError) {
        let base = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
        if let source = bytes.baseAddress, bytes.count > 0 {
            UnsafeMutableRawPointer(base).copyMemory(from: source, byteCount: bytes.count)
        }
        base[bytes.count] = 0
        guard g_utf8_validate(base, gssize(bytes.count), nil) != 0 else {
            clibsecret_zero(base, bytes.count + 1)
            base.deallocate()
            throw .invalidArgument("the secret must be UTF-8 text without NUL bytes (encode binary data as base64)")
        }
        self.base = base
        self.count = bytes.count
        self.owner = .swift
    }

    /// Takes ownership of a password returned by `secret_password_lookup*_sync`.
    init(takingLibsecretPassword password: UnsafeMutablePointer<CChar>) {
        self.base = password
        self.count = strlen(password)
        self.owner = .libsecret
    }

    /// The secret as a C string, valid while this object lives.
    var cString: UnsafePointer<CChar> {
        UnsafePointer(base)
    }

    /// Exposes the secret bytes (without the NUL) to `body`; they must not escape it.
    func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    deinit {
        switch owner {
        case .swift:
            clibsecret_zero(base, count + 1)
            base.deallocate()
        case .libsecret:
            secret_password_free(base)
        }
    }
}
