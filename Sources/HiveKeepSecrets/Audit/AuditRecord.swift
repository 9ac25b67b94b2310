/// One line of the audit log, as written: the event plus its sequence number, time, uid, the link to the previous
/// line and, once the log is keyed, the line's own MAC. Never a value.
///
/// An unkeyed record (written before the audit key existed, or where it cannot be read) links with the plain
/// BLAKE2b-256 of the previous line and has no `mac`. A keyed record links with the BLAKE2b-256 of the previous line
/// keyed with the audit key, and its `mac` is the keyed BLAKE2b-256 of its own line written without `mac`: someone
/// without the key can neither re-chain an edit nor change the last line.
public struct AuditRecord: Sendable, Hashable, Codable {
    public var sequence: Int
    public var time: String
    public var operation: AuditOperation
    public var key: String?
    public var provider: SecretsProviderType
    public var outcome: AuditOutcome
    public var uid: UInt32
    public var caller: String
    /// Lowercase hex BLAKE2b-256 of the previous line's bytes (without its newline), keyed when ``mac`` is set;
    /// 64 zeros for the first line.
    public var previousHash: String
    /// Lowercase hex keyed BLAKE2b-256 of this line encoded without `mac`; nil for an unkeyed record.
    public var mac: String?

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
        case mac
    }

    /// The `prev` of the first record.
    public static let genesisHash = String(repeating: "0", count: 64)
}
