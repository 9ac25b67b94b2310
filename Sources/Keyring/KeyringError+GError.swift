import CLibSecret

extension KeyringError {
    /// Maps a `GError` from libsecret to a ``KeyringError`` and frees it.
    ///
    /// - Parameters:
    ///   - error: The error libsecret set, or nil when it failed without one. Freed here.
    ///   - operation: What was attempted (`store`, `lookup`...), used in ``failed(_:)`` messages.
    static func consuming(_ error: UnsafeMutablePointer<GError>?, operation: String) -> KeyringError {
        guard let error else {
            return .failed("\(operation): libsecret reported a failure without an error")
        }
        defer { g_error_free(error) }
        // Drop the "GDBus.Error:org.freedesktop...: " prefix of remote errors; the code and domain stay.
        _ = g_dbus_error_strip_remote_error(error)
        let domain = error.pointee.domain
        let code = error.pointee.code
        let message = error.pointee.message.map { String(cString: $0) } ?? "no message"
        return classify(domain: domain, code: code, message: message, operation: operation)
    }

    /// Chooses the case for an error's domain, code and message.
    private static func classify(domain: GQuark, code: Int32, message: String, operation: String) -> KeyringError {
        if domain == clibsecret_dbus_error_quark() {
            switch code {
            case Int32(G_DBUS_ERROR_SERVICE_UNKNOWN.rawValue), Int32(G_DBUS_ERROR_NAME_HAS_NO_OWNER.rawValue),
                Int32(G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND.rawValue), Int32(G_DBUS_ERROR_SPAWN_EXEC_FAILED.rawValue),
                Int32(G_DBUS_ERROR_SPAWN_CHILD_EXITED.rawValue):
                return .noSecretService(message)
            case Int32(G_DBUS_ERROR_TIMEOUT.rawValue), Int32(G_DBUS_ERROR_TIMED_OUT.rawValue),
                Int32(G_DBUS_ERROR_NO_REPLY.rawValue):
                return .timeout
            default:
                break
            }
        }
        if domain == clibsecret_secret_error_quark(), code == Int32(SECRET_ERROR_IS_LOCKED.rawValue) {
            return .locked
        }
        if domain == clibsecret_io_error_quark() {
            switch code {
            case Int32(G_IO_ERROR_CANCELLED.rawValue), Int32(G_IO_ERROR_TIMED_OUT.rawValue):
                return .timeout
            default:
                break
            }
        }
        // gnome-keyring answers a store into a locked collection with a generic error and this message.
        if message.lowercased().contains("locked collection") {
            return .locked
        }
        if message.contains("autolaunch D-Bus") {
            return .noSessionBus
        }
        return .failed("\(operation): \(message)")
    }
}
