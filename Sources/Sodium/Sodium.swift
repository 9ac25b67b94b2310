import CSodium

/// Process-wide libsodium setup.
///
/// Every public entry point of this module calls ``initialize()`` before touching libsodium, so callers never need
/// to; calling it early (at startup) only moves the one-time cost and surfaces a failure sooner.
public enum Sodium {
    /// The result of the single `sodium_init()` call: 0 on first success, 1 if already initialized, -1 on failure.
    ///
    /// A `static let` is initialized lazily, exactly once and thread-safely by the Swift runtime, which gives the
    /// "call once" guarantee without a lock of our own.
    private static let initStatus: Int32 = sodium_init()

    /// Initializes libsodium once for the process; later calls return immediately.
    ///
    /// - Throws: ``SodiumError/initializationFailed`` when `sodium_init()` reports failure (for example when no
    ///   source of randomness is available). Every later call throws the same error.
    public static func initialize() throws(SodiumError) {
        guard initStatus != -1 else {
            throw .initializationFailed
        }
    }

    /// The version string of the linked libsodium, such as "1.0.18".
    public static var libraryVersion: String {
        String(cString: sodium_version_string())
    }
}
