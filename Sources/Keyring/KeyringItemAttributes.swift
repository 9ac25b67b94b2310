/// The attributes that name one HiveKeep item in the keyring.
///
/// Every item HiveKeep stores carries three string attributes under the schema ``schemaName``: `kind` (what the
/// item is), `store` (the id of the HiveKeep installation it belongs to) and `key` (its name within that store).
/// Lookups match on exactly these attributes, so HiveKeep finds its own items and nothing else. Attribute values are
/// not secret: they are visible to anyone who can list the keyring.
public struct KeyringItemAttributes: Sendable, Hashable, CustomStringConvertible {
    /// What an item holds; the raw value is the `kind` attribute in the keyring.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A user secret (an API token, a password) kept by the keyring provider.
        case secret
        /// The password of an encrypted vault file.
        case vaultPassword = "vault-password"
        /// A private key used to sign exported run configurations.
        case signingKey = "signing-key"
    }

    /// The name of the libsecret schema of HiveKeep items (stored as the `xdg:schema` attribute).
    public static let schemaName = "dev.hivekeep.Secret"

    /// The attribute names of the schema, in a stable order.
    static let attributeNames = ["kind", "store", "key"]

    /// What the item holds.
    public var kind: Kind
    /// The id of the HiveKeep installation the item belongs to.
    public var store: String
    /// The item's name within its store.
    public var key: String

    /// Creates the attributes of one item.
    public init(kind: Kind, store: String, key: String) {
        self.kind = kind
        self.store = store
        self.key = key
    }

    /// The attributes as libsecret sees them.
    var dictionary: [String: String] {
        ["kind": kind.rawValue, "store": store, "key": key]
    }

    /// Reads attributes back from a keyring item; nil when one is missing or the kind is not HiveKeep's.
    init?(keyringAttributes: [String: String]) {
        guard let rawKind = keyringAttributes["kind"], let kind = Kind(rawValue: rawKind),
            let store = keyringAttributes["store"], let key = keyringAttributes["key"]
        else {
            return nil
        }
        self.init(kind: kind, store: store, key: key)
    }

    /// `kind/store/key`, for logs and messages (attribute values are not secret).
    public var description: String {
        "\(kind.rawValue)/\(store)/\(key)"
    }
}

extension KeyringItemAttributes {
    /// The attributes for libsecret, after checking that the store id and key are non-empty.
    func validatedFields() throws(KeyringError) -> [String: String] {
        guard !store.isEmpty else {
            throw .invalidArgument("the store id must not be empty")
        }
        guard !key.isEmpty else {
            throw .invalidArgument("the key must not be empty")
        }
        return dictionary
    }
}
