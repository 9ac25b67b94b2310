import HiveKeepCore

/// One finished secrets operation as ``SecretsService`` reports it to its observer (the API server's metrics). It
/// names no key and no value.
public struct SecretsOperationEvent: Sendable, Hashable {
    /// The operations a service performs through its provider.
    public enum Operation: String, Sendable, Hashable, CaseIterable {
        case get, list, create, update, delete
    }

    /// How an operation ended.
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        /// Done.
        case ok
        /// The key (or the provider set-up) does not exist.
        case notFound = "not_found"
        /// Refused: the provider cannot do it (capabilities) or the caller may not.
        case denied
        /// Anything else: an invalid request, an existing key on create, a store that cannot be used.
        case error

        /// The outcome a thrown error stands for.
        public init(_ error: any Error) {
            switch (error as? HiveKeepError)?.code {
            case .notFound?: self = .notFound
            case .unsupportedOperation?, .forbidden?: self = .denied
            default: self = .error
            }
        }
    }

    /// The provider type (`encrypted`, `keyring`, `environment`), or `none` when none is set up or it cannot be
    /// opened.
    public var provider: String
    public var operation: Operation
    public var outcome: Outcome

    public init(provider: String, operation: Operation, outcome: Outcome) {
        self.provider = provider
        self.operation = operation
        self.outcome = outcome
    }
}

/// Called once per finished operation, on the caller's task; it must return quickly and not throw.
public typealias SecretsObserver = @Sendable (SecretsOperationEvent) -> Void
