import CLibSecret

/// The libsecret schema of HiveKeep items: string attributes `kind`, `store` and `key`.
///
/// Created with `SECRET_SCHEMA_DONT_MATCH_NAME`: stored items still carry `xdg:schema`, but lookups, searches and
/// clears match on the given attributes alone, so items written by other tools (`secret-tool store kind secret
/// store S key K`) are found as well.
final class HiveKeepSchema: @unchecked Sendable {
    // @unchecked: the schema is never mutated after creation and libsecret only reads it; it lives for the whole
    // process (a static), so it is never freed while a call, even an abandoned one, uses it.
    let pointer: UnsafeMutablePointer<SecretSchema>

    /// The process-wide schema, created on first use.
    static let shared: Result<HiveKeepSchema, KeyringError> = make()

    private init(pointer: UnsafeMutablePointer<SecretSchema>) {
        self.pointer = pointer
    }

    /// Returns the shared schema or the error that prevented creating it.
    static func get() throws(KeyringError) -> HiveKeepSchema {
        try shared.get()
    }

    private static func make() -> Result<HiveKeepSchema, KeyringError> {
        let names = KeyringItemAttributes.attributeNames
        // secret_schema_newv copies the name and the attribute names, so the temporary C strings may go.
        let schema = withCStrings(names) { cNames in
            clibsecret_schema_new_strings(
                KeyringItemAttributes.schemaName, SECRET_SCHEMA_DONT_MATCH_NAME, cNames, cNames.count)
        }
        guard let schema else {
            return .failure(.failed("cannot create the libsecret schema \(KeyringItemAttributes.schemaName)"))
        }
        return .success(HiveKeepSchema(pointer: schema))
    }

    /// Calls `body` with C copies of `strings`, valid only during the call.
    /// Returns nil when a copy cannot be allocated.
    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R?) -> R? {
        let copies = strings.map { strdup($0) }
        defer {
            for copy in copies {
                free(copy)
            }
        }
        guard copies.allSatisfy({ $0 != nil }) else {
            return nil
        }
        return body(copies.map { UnsafePointer($0) })
    }
}
