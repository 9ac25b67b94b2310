/// The one error type that crosses HiveKeep's layers.
///
/// A `code` says what kind of failure it is (the REST layer maps it to a status in one place), `message` is one
/// human-readable line that is safe to show to the caller, and `cause` keeps the underlying error for the server log.
/// Neither the message nor the cause may contain a secret value.
public struct HiveKeepError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// An extensible error code.
    public struct Code: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The request or argument is malformed or invalid.
        public static let invalidArgument = Code(rawValue: "invalid-argument")
        /// The named thing does not exist.
        public static let notFound = Code(rawValue: "not-found")
        /// The thing to create exists already.
        public static let alreadyExists = Code(rawValue: "already-exists")
        /// The request conflicts with the current state.
        public static let conflict = Code(rawValue: "conflict")
        /// The caller is not allowed to do this.
        public static let forbidden = Code(rawValue: "forbidden")
        /// The resource exists but does not support this operation.
        public static let unsupportedOperation = Code(rawValue: "unsupported-operation")
        /// The request body is larger than allowed.
        public static let payloadTooLarge = Code(rawValue: "payload-too-large")
        /// The operation is part of the contract but not built yet.
        public static let notImplemented = Code(rawValue: "not-implemented")
        /// A dependency (keyring, runtime, file system) is not usable right now.
        public static let unavailable = Code(rawValue: "unavailable")
        /// Stored state is not in a form HiveKeep can read.
        public static let corruptState = Code(rawValue: "corrupt-state")
        /// Anything else: a bug or an unexpected failure of the system.
        public static let internalError = Code(rawValue: "internal")
    }

    public var code: Code
    public var message: String
    public var cause: (any Error)?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The message alone: what the caller (CLI user, API client) sees.
    public var description: String { message }

    /// The message and the chain of causes, for the server log.
    public var debugDescription: String {
        guard let cause else { return message }
        return "\(message) (cause: \(String(reflecting: cause)))"
    }
}

extension HiveKeepError {
    /// Shorthand for an invalid-argument error.
    public static func invalid(_ message: String) -> HiveKeepError { .init(.invalidArgument, message) }
    /// Shorthand for a not-found error.
    public static func notFound(_ message: String) -> HiveKeepError { .init(.notFound, message) }
}
