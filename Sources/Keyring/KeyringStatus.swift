/// Whether the keyring can be used right now.
public enum KeyringStatus: Sendable, Equatable, CustomStringConvertible {
    /// A Secret Service answers and its default collection is unlocked.
    case available
    /// A Secret Service answers but its default collection is locked: reads find nothing and writes fail.
    case locked
    /// No usable Secret Service: no session bus, no service, a timeout or another failure.
    case unavailable(KeyringError)

    /// A one-line summary for health reports.
    public var description: String {
        switch self {
        case .available: "available"
        case .locked: "locked"
        case .unavailable(let error): "unavailable: \(error)"
        }
    }
}
