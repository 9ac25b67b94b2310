extension Keyring {
    /// Looks up an item that another program stored (no HiveKeep schema), matching `attributes` exactly, and passes
    /// its secret to `body`; nil when no item matches.
    ///
    /// Used to read ToolHive's password entry (go-keyring stores `service` and `username`). The bytes are only valid
    /// inside `body`; right after it returns they are zeroed and freed.
    ///
    /// - Throws: ``KeyringError`` (``KeyringError/locked`` rather than nil when the default collection is locked),
    ///   `CancellationError`, or what `body` throws.
    public func lookup<R>(
        foreign attributes: [String: String], _ body: (UnsafeRawBufferPointer) throws -> R
    ) async throws -> R? {
        guard !attributes.isEmpty, !attributes.contains(where: { $0.key.isEmpty || $0.value.isEmpty }) else {
            throw KeyringError.invalidArgument("attributes must be non-empty")
        }
        let description = attributes.keys.sorted().map { "\($0)=\(attributes[$0] ?? "")" }.joined(separator: ",")
        let secret = try await perform("lookup", item: description) { cancellable throws(KeyringError) in
            let table = try AttributeTable(attributes)
            let secret = try SecretServiceCalls.lookupWithoutSchema(table, cancellable: cancellable)
            if secret == nil, try SecretServiceCalls.defaultCollectionIsLocked(cancellable) {
                throw .locked
            }
            return secret
        }
        guard let secret else { return nil }
        return try secret.withUnsafeBytes(body)
    }
}
