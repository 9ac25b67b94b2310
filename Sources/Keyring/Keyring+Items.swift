import Foundation

extension Keyring {
    /// Stores a secret under `attributes` in the default collection, replacing an item with the same attributes.
    ///
    /// The secret must be UTF-8 text without NUL bytes (libsecret stores passwords as C strings): callers encode
    /// binary data, such as a signing key, as base64 first. The temporary copy made for libsecret is zeroed.
    ///
    /// - Parameters:
    ///   - attributes: The item's kind, store and key.
    ///   - label: A human-readable name shown by keyring browsers; not secret.
    ///   - secret: The secret bytes.
    /// - Throws: ``KeyringError`` (``KeyringError/locked`` when the collection is locked), or `CancellationError`.
    public func store(
        _ attributes: KeyringItemAttributes, label: String, secret: some ContiguousBytes
    ) async throws {
        let copy = try secret.withUnsafeBytes { (bytes) throws(KeyringError) in
            try SecretBytes(copyingText: bytes)
        }
        let fields = try attributes.validatedFields()
        guard !label.utf8.contains(0) else {
            throw KeyringError.invalidArgument("the label must not contain NUL bytes")
        }
        try await perform("store", item: attributes.description) { cancellable throws(KeyringError) in
            let table = try AttributeTable(fields)
            try SecretServiceCalls.store(table, label: label, secret: copy, cancellable: cancellable)
        }
    }

    /// Looks up the secret stored under `attributes` and passes its bytes to `body`.
    ///
    /// The bytes are only valid inside `body`; right after it returns they are zeroed and freed. Returns nil when
    /// no item matches.
    ///
    /// - Throws: ``KeyringError`` (``KeyringError/locked`` rather than nil when the default collection is locked),
    ///   `CancellationError`, or what `body` throws.
    public func lookup<R>(
        _ attributes: KeyringItemAttributes, _ body: (UnsafeRawBufferPointer) throws -> R
    ) async throws -> R? {
        let fields = try attributes.validatedFields()
        let secret = try await perform("lookup", item: attributes.description) { cancellable throws(KeyringError) in
            let table = try AttributeTable(fields)
            let secret = try SecretServiceCalls.lookup(table, cancellable: cancellable)
            if secret == nil, try SecretServiceCalls.defaultCollectionIsLocked(cancellable) {
                throw .locked
            }
            return secret
        }
        guard let secret else {
            return nil
        }
        return try secret.withUnsafeBytes(body)
    }

    /// Lists the items of one kind in one store, without reading any secret.
    ///
    /// - Returns: The attributes of every matching item, sorted by key.
    /// - Throws: ``KeyringError`` (``KeyringError/locked`` when the default collection is locked, since its items
    ///   could be missing), or `CancellationError`.
    public func search(kind: KeyringItemAttributes.Kind, store: String) async throws -> [KeyringItemAttributes] {
        guard !store.isEmpty else {
            throw KeyringError.invalidArgument("the store id must not be empty")
        }
        let fields = ["kind": kind.rawValue, "store": store]
        let found = try await perform("search", item: "\(kind.rawValue)/\(store)") { cancellable throws(KeyringError) in
            if try SecretServiceCalls.defaultCollectionIsLocked(cancellable) {
                throw .locked
            }
            return try SecretServiceCalls.search(AttributeTable(fields), cancellable: cancellable)
        }
        let items = Set(found.compactMap { KeyringItemAttributes(keyringAttributes: $0) })
        return items.filter { $0.kind == kind && $0.store == store }.sorted { $0.key < $1.key }
    }

    /// Deletes the item stored under `attributes`.
    ///
    /// - Returns: Whether an item was deleted; false when none matched.
    /// - Throws: ``KeyringError`` (``KeyringError/locked`` rather than false when the collection is locked), or
    ///   `CancellationError`.
    @discardableResult
    public func clear(_ attributes: KeyringItemAttributes) async throws -> Bool {
        let fields = try attributes.validatedFields()
        return try await perform("clear", item: attributes.description) { cancellable throws(KeyringError) in
            let removed = try SecretServiceCalls.clear(AttributeTable(fields), cancellable: cancellable)
            if !removed, try SecretServiceCalls.defaultCollectionIsLocked(cancellable) {
                throw .locked
            }
            return removed
        }
    }
}
