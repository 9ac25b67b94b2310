extension Keyring {
    /// Checks that a Secret Service answers and its default collection is unlocked.
    ///
    /// - Throws: ``KeyringError/noSessionBus``, ``KeyringError/noSecretService(_:)``, ``KeyringError/locked``,
    ///   ``KeyringError/timeout`` or ``KeyringError/failed(_:)``; `CancellationError` when cancelled.
    public func checkAvailable() async throws {
        try await perform("status") { cancellable throws(KeyringError) in
            if try SecretServiceCalls.defaultCollectionIsLocked(cancellable) {
                throw .locked
            }
        }
    }

    /// Reports whether the keyring is available, locked or unusable, without throwing.
    public func status() async -> KeyringStatus {
        do {
            try await checkAvailable()
            return .available
        } catch KeyringError.locked {
            return .locked
        } catch let error as KeyringError {
            return .unavailable(error)
        } catch {
            return .unavailable(.failed("status check interrupted: \(error)"))
        }
    }
}
