/// What a secrets provider can do. The REST layer answers 405 for an operation from these flags alone.
public struct SecretsCapabilities: Sendable, Hashable, Codable {
    public var canRead: Bool
    public var canWrite: Bool
    public var canDelete: Bool
    public var canList: Bool
    public var canCleanup: Bool

    public init(canRead: Bool, canWrite: Bool, canDelete: Bool, canList: Bool, canCleanup: Bool) {
        self.canRead = canRead
        self.canWrite = canWrite
        self.canDelete = canDelete
        self.canList = canList
        self.canCleanup = canCleanup
    }

    /// Everything: the vault and the keyring.
    public static let readWrite = SecretsCapabilities(
        canRead: true,
        canWrite: true,
        canDelete: true,
        canList: true,
        canCleanup: true
    )
    /// Read only, without listing: the environment.
    public static let readOnlyUnlisted = SecretsCapabilities(
        canRead: true,
        canWrite: false,
        canDelete: false,
        canList: false,
        canCleanup: false
    )

    enum CodingKeys: String, CodingKey {
        case canRead = "can_read"
        case canWrite = "can_write"
        case canDelete = "can_delete"
        case canList = "can_list"
        case canCleanup = "can_cleanup"
    }
}
