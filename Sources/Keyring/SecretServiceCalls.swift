import CLibSecret

/// The blocking libsecret calls, one per operation. They run on a ``BlockingCall`` worker thread, check every
/// return value and `GError` next to the call, and free what libsecret returns.
enum SecretServiceCalls {
    /// Stores `secret` under `attributes` in the default collection, replacing an item with the same attributes.
    static func store(
        _ attributes: AttributeTable, label: String, secret: SecretBytes,
        cancellable: GCancellablePointer
    ) throws(KeyringError) {
        let schema = try HiveKeepSchema.get()
        var error: UnsafeMutablePointer<GError>?
        let stored = label.withCString { label in
            secret_password_storev_sync(
                schema.pointer, attributes.pointer, nil, label, secret.cString, cancellable, &error)
        }
        guard stored != 0, error == nil else {
            throw .consuming(error, operation: "store")
        }
    }

    /// Looks up the secret of the item matching `attributes`; nil when there is none (or it is locked away).
    static func lookup(
        _ attributes: AttributeTable, cancellable: GCancellablePointer
    ) throws(KeyringError) -> SecretBytes? {
        let schema = try HiveKeepSchema.get()
        var error: UnsafeMutablePointer<GError>?
        let password = secret_password_lookupv_nonpageable_sync(
            schema.pointer, attributes.pointer, cancellable, &error)
        if let error {
            if let password {
                secret_password_free(password)
            }
            throw .consuming(error, operation: "lookup")
        }
        return password.map { SecretBytes(takingLibsecretPassword: $0) }
    }

    /// Looks up the secret of an item stored by another program: no schema, so only `attributes` are matched.
    static func lookupWithoutSchema(
        _ attributes: AttributeTable, cancellable: GCancellablePointer
    ) throws(KeyringError) -> SecretBytes? {
        var error: UnsafeMutablePointer<GError>?
        let password = secret_password_lookupv_nonpageable_sync(nil, attributes.pointer, cancellable, &error)
        if let error {
            if let password {
                secret_password_free(password)
            }
            throw .consuming(error, operation: "lookup")
        }
        return password.map { SecretBytes(takingLibsecretPassword: $0) }
    }

    /// The attributes of every item (locked or not) matching `attributes`, without loading any secret.
    static func search(
        _ attributes: AttributeTable, cancellable: GCancellablePointer
    ) throws(KeyringError) -> [[String: String]] {
        let schema = try HiveKeepSchema.get()
        var error: UnsafeMutablePointer<GError>?
        let list = secret_password_searchv_sync(
            schema.pointer, attributes.pointer, SECRET_SEARCH_ALL, cancellable, &error)
        defer { clibsecret_list_free_objects(list) }
        if error != nil {
            throw .consuming(error, operation: "search")
        }
        var found: [[String: String]] = []
        var node = list
        while let current = node {
            if let table = clibsecret_retrievable_attributes(current.pointee.data) {
                found.append(AttributeTable.values(of: table, names: KeyringItemAttributes.attributeNames))
                g_hash_table_unref(table)
            }
            node = current.pointee.next
        }
        return found
    }

    /// Deletes the items matching `attributes`; returns whether any was deleted.
    static func clear(
        _ attributes: AttributeTable, cancellable: GCancellablePointer
    ) throws(KeyringError) -> Bool {
        let schema = try HiveKeepSchema.get()
        var error: UnsafeMutablePointer<GError>?
        let removed = secret_password_clearv_sync(schema.pointer, attributes.pointer, cancellable, &error)
        if error != nil {
            throw .consuming(error, operation: "clear")
        }
        return removed != 0
    }

    /// Whether the default collection is locked.
    ///
    /// A locked collection makes lookups return nothing without an error; callers check this before reporting
    /// "not found".
    static func defaultCollectionIsLocked(_ cancellable: GCancellablePointer) throws(KeyringError) -> Bool {
        var error: UnsafeMutablePointer<GError>?
        let service = secret_service_get_sync(SECRET_SERVICE_NONE, cancellable, &error)
        defer { service.map { g_object_unref($0) } }
        guard let service, error == nil else {
            throw .consuming(error, operation: "connect to the Secret Service")
        }
        let collection = secret_collection_for_alias_sync(
            service, clibsecret_default_collection_alias(), SECRET_COLLECTION_NONE, cancellable, &error)
        defer { collection.map { g_object_unref($0) } }
        if error != nil {
            throw .consuming(error, operation: "read the default collection")
        }
        guard let collection else {
            throw .failed("the Secret Service has no default collection (alias \"default\")")
        }
        return secret_collection_get_locked(collection) != 0
    }
}
