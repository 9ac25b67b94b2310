import CLibSecret

/// A `GHashTable` of string attributes owning copies of its keys and values, for the `*v_sync` calls.
final class AttributeTable {
    let pointer: OpaquePointer

    /// Copies `attributes` into a new table.
    ///
    /// - Throws: ``KeyringError/invalidArgument(_:)`` when a name or value contains a NUL byte.
    init(_ attributes: [String: String]) throws(KeyringError) {
        for (name, value) in attributes where name.utf8.contains(0) || value.utf8.contains(0) {
            throw .invalidArgument("the attribute \(name.debugDescription) must not contain NUL bytes")
        }
        guard let table = clibsecret_attributes_new() else {
            throw .failed("cannot allocate an attribute table")
        }
        for (name, value) in attributes {
            clibsecret_attributes_insert(table, name, value)
        }
        self.pointer = table
    }

    deinit {
        g_hash_table_unref(pointer)
    }

    /// Reads the named string attributes of a table libsecret returned; absent ones are left out.
    static func values(of table: OpaquePointer, names: [String]) -> [String: String] {
        var values: [String: String] = [:]
        for name in names {
            if let value = clibsecret_attributes_lookup(table, name) {
                values[name] = String(cString: value)
            }
        }
        return values
    }
}
