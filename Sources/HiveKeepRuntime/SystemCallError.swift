import HiveKeepCore

#if canImport(Glibc)
    import Glibc
#endif

/// A failed system call, carried as the cause of a `HiveKeepError`.
public struct SystemCallError: Error, Sendable, CustomStringConvertible {
    /// What was being done, such as "posix_spawn /usr/bin/uv".
    public var operation: String
    /// The errno value.
    public var code: Int32

    /// Creates an error.
    public init(_ operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }

    public var description: String { "\(operation): \(String(cString: strerror(code))) (errno \(code))" }

    /// A `HiveKeepError` for the current `errno` (or `code`), `.internalError` unless said otherwise.
    static func make(
        _ operation: String, code: Int32 = errno, as kind: HiveKeepError.Code = .internalError
    ) -> HiveKeepError {
        let error = SystemCallError(operation, code: code)
        return HiveKeepError(kind, error.description, cause: error)
    }
}
