/// One line of the audit log, as written: the event plus its sequence number, time, uid and the hash of the previous
/// line. Never a value.
public struct AuditRecord: Sendable, Hashable, Codable {
    public var sequence: Int
    public var time: String
    public var operation: AuditOperation
    public var key: String?
    public var provider: SecretsProviderType
    public var outcome: AuditOutcome
    public var uid: UInt32
    public var caller: String
    /// Lowercase hex BLAKE2b-256 of the previous line's bytes (without its newline); 64 zeros for the first line.
    public var previousHash: String

    enum CodingKeys: String, CodingKey {
        case sequence = "seq"
        case time
        case operation
        case key
        case provider
        case outcome
        case uid
        case caller
        case previousHash = "prev"
    }

    /// The `prev` of the first record.
    public static let genesisHash = String(repeating: "0", count: 64)
}
