import HiveKeepCore
import Keyring

extension HiveKeepError {
    /// The HiveKeep error for a keyring failure once a provider is set up: a bad argument stays
    /// `.invalidArgument`; a keyring that is missing, locked, slow or failing is `.unavailable` (503), with the
    /// keyring's own message (which names the cause and never a value).
    init(keyring error: KeyringError) {
        switch error {
        case .invalidArgument:
            self.init(.invalidArgument, error.description, cause: error)
        case .noSessionBus, .noSecretService, .locked, .timeout, .failed:
            self.init(.unavailable, error.description, cause: error)
        }
    }

    /// `error` as a HiveKeep error: keyring errors mapped with ``init(keyring:)``, HiveKeep errors and
    /// cancellation unchanged, anything else an internal error.
    static func fromKeyring(_ error: any Error) -> any Error {
        switch error {
        case let error as KeyringError: HiveKeepError(keyring: error)
        case is HiveKeepError, is CancellationError: error
        default: HiveKeepError(.internalError, "keyring operation failed", cause: error)
        }
    }
}
