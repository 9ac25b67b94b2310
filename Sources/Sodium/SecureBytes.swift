import CSodium
import Synchronization

/// A fixed-size buffer for secret bytes (keys, passwords, seeds, plaintexts) in libsodium guarded memory.
///
/// The storage comes from `sodium_malloc`: it is locked into RAM (`mlock`, so it is not swapped out), excluded from
/// core dumps where the platform allows, placed right before a guard page and preceded by a canary. It is zeroed on
/// creation and zeroed again and released with `sodium_free` when the last reference goes away. The bytes are
/// reachable only inside ``withUnsafeBytes(_:)`` and ``withUnsafeMutableBytes(_:)``, and ``description`` never shows
/// them.
///
/// ## Sendable
///
/// `SecureBytes` is `@unchecked Sendable` because its only state is a pointer and a length that never change after
/// `init`, to storage that this object alone owns and frees in `deinit`. Concurrent reads are safe. Writes through
/// ``withUnsafeMutableBytes(_:)`` are checked at run time the way Swift checks exclusive access: a write that
/// overlaps any other read or write of the same buffer (from any thread, or nested in the same closure) stops the
/// process with a precondition failure instead of racing. In practice a buffer is written while it is being filled
/// and only read afterwards.
public final class SecureBytes: @unchecked Sendable {
    private let base: UnsafeMutableRawPointer
    /// The number of bytes in the buffer.
    public let count: Int
    /// Access tracking: the number of active readers, or -1 while one writer holds the buffer.
    private let access = Atomic<Int>(0)

    /// Creates a zero-filled buffer of `count` bytes in guarded memory.
    ///
    /// - Throws: ``SodiumError/invalidParameters(_:)`` for a negative count, ``SodiumError/outOfMemory(requestedBytes:)``
    ///   when `sodium_malloc` fails.
    public init(count: Int) throws(SodiumError) {
        try Sodium.initialize()
        guard count >= 0 else {
            throw .invalidParameters("a secure buffer cannot have a negative length (\(count))")
        }
        guard let pointer = sodium_malloc(count) else {
            throw .outOfMemory(requestedBytes: count)
        }
        sodium_memzero(pointer, count)
        self.base = pointer
        self.count = count
    }

    /// Creates a buffer holding a copy of `bytes`.
    ///
    /// The source is not cleared; wipe it yourself if it held a secret (a `String` cannot be wiped, so keep the
    /// window in which a secret lives in one as short as possible).
    public convenience init(copying bytes: some Collection<UInt8>) throws(SodiumError) {
        try self.init(count: bytes.count)
        withUnsafeMutableBytes { destination in
            let copied: Void? = bytes.withContiguousStorageIfAvailable { source in
                destination.copyMemory(from: UnsafeRawBufferPointer(source))
            }
            if copied == nil {
                for (offset, byte) in zip(destination.indices, bytes) {
                    destination[offset] = byte
                }
            }
        }
    }

    /// Creates a buffer holding a copy of the bytes in `buffer`.
    public convenience init(copying buffer: UnsafeRawBufferPointer) throws(SodiumError) {
        try self.init(count: buffer.count)
        withUnsafeMutableBytes { destination in
            destination.copyMemory(from: buffer)
        }
    }

    /// Creates a buffer of `count` bytes from libsodium's cryptographically secure random generator.
    public static func random(count: Int) throws(SodiumError) -> SecureBytes {
        let buffer = try SecureBytes(count: count)
        buffer.withUnsafeMutableBytes { bytes in
            if let address = bytes.baseAddress {
                randombytes_buf(address, bytes.count)
            }
        }
        return buffer
    }

    deinit {
        sodium_memzero(base, count)
        sodium_free(base)
    }

    /// Calls `body` with a read-only view of the bytes; the pointer must not escape the closure.
    public func withUnsafeBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        beginRead()
        defer { access.subtract(1, ordering: .releasing) }
        return try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// Calls `body` with a writable view of the bytes; the pointer must not escape the closure.
    ///
    /// Overlapping this call with any other access to the same buffer is a programming error and traps.
    public func withUnsafeMutableBytes<Result, Failure: Error>(
        _ body: (UnsafeMutableRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let (exchanged, _) = access.compareExchange(expected: 0, desired: -1, ordering: .acquiring)
        precondition(
            exchanged, "SecureBytes written while another access to the same buffer is in progress")
        defer { access.store(0, ordering: .releasing) }
        return try body(UnsafeMutableRawBufferPointer(start: base, count: count))
    }

    /// Like ``withUnsafeBytes(_:)`` with a typed, never-null pointer for libsodium's `nonnull` parameters; the
    /// address is valid even for an empty buffer, since `sodium_malloc` always returns a real allocation.
    func withBytePointer<Result>(_ body: (UnsafePointer<UInt8>) -> Result) -> Result {
        withUnsafeBytes { _ in body(UnsafePointer(base.assumingMemoryBound(to: UInt8.self))) }
    }

    /// Like ``withUnsafeMutableBytes(_:)`` with a typed, never-null pointer; see ``withBytePointer(_:)``.
    func withMutableBytePointer<Result>(_ body: (UnsafeMutablePointer<UInt8>) -> Result) -> Result {
        withUnsafeMutableBytes { _ in body(base.assumingMemoryBound(to: UInt8.self)) }
    }

    private func beginRead() {
        var current = access.load(ordering: .relaxed)
        while true {
            precondition(current >= 0, "SecureBytes read while a write to the same buffer is in progress")
            let (exchanged, original) = access.compareExchange(
                expected: current,
                desired: current + 1,
                ordering: .acquiring
            )
            if exchanged { return }
            current = original
        }
    }
}
