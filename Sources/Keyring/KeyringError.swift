/// Why a keyring operation failed. Messages name the cause and a remedy and never contain a secret value.
public enum KeyringError: Error, CustomStringConvertible, Equatable, Sendable {
    /// `DBUS_SESSION_BUS_ADDRESS` is unset or empty; libsecret was not called.
    case noSessionBus
    /// The session bus has no Secret Service (`org.freedesktop.secrets`); carries libsecret's message.
    case noSecretService(String)
    /// The default keyring collection is locked: nothing can be read or written until it is unlocked.
    case locked
    /// The Secret Service did not answer before the deadline.
    case timeout
    /// The arguments cannot be stored (for example a secret that is not UTF-8 text); says which one.
    case invalidArgument(String)
    /// Any other failure reported by libsecret; carries the operation and libsecret's message.
    case failed(String)

    /// How to get a headless Secret Service, appended to the messages that need it.
    static let headlessHint =
        "To run one headless: dbus-run-session -- sh scripts/keyring-session.sh CMD "
        + "(it starts `gnome-keyring-daemon --unlock --components=secrets` with the password from stdin "
        + "and waits for org.freedesktop.secrets)."

    /// A one-line message for logs and error responses.
    public var description: String {
        switch self {
        case .noSessionBus:
            "No D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set, so the keyring cannot be reached. "
                + Self.headlessHint
        case .noSecretService(let detail):
            "No Secret Service on the D-Bus session bus (\(detail)). " + Self.headlessHint
        case .locked:
            "The keyring is locked: unlock its default collection (for example "
                + "`gnome-keyring-daemon --unlock` reading the password from stdin) and try again."
        case .timeout:
            "The Secret Service did not answer in time."
        case .invalidArgument(let detail):
            "Invalid keyring argument: \(detail)."
        case .failed(let detail):
            "Keyring operation failed: \(detail)."
        }
    }
}
