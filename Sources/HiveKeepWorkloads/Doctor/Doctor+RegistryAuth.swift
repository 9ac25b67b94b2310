import HiveKeepCore
import HiveKeepSecrets

/// The image registries HiveKeep has credentials for (``RegistryAuth``).
extension Doctor {
    /// The registries of `container_runtime.registry_auth` with the names of their secrets (never a value), a
    /// setting that cannot be read, and a named secret the provider does not hold (when the provider can list).
    func registryAuthCheck() async -> DoctorCheck {
        let name = "registry credentials"
        let auth: RegistryAuth
        do {
            auth = try RegistryAuth.load(paths: paths)
        } catch {
            return DoctorCheck(
                name, .fail, "\(error)",
                advice: "fix \(RegistryAuth.settingName) in config.yaml: a list of {registry, username, "
                    + "password_secret}; image pulls from those registries fail until then")
        }
        guard !auth.entries.isEmpty else {
            return DoctorCheck(
                name, .ok, "none configured (\(RegistryAuth.settingName)): images are pulled anonymously")
        }
        let listed = auth.entries.map { "\($0.registry) (secret \($0.passwordSecret))" }.joined(separator: ", ")
        guard let keys = try? await secrets.listKeys(caller: "doctor") else {
            return DoctorCheck(name, .ok, "\(listed); the secrets were not checked (the provider could not list them)")
        }
        let missing = auth.entries.map(\.passwordSecret).filter { !keys.contains($0) }
        guard missing.isEmpty else {
            return DoctorCheck(
                name, .warn, "\(listed); not in the secrets store: \(missing.joined(separator: ", "))",
                advice: "set them (`hivekeep secret set NAME`): pulls from those registries fail until then")
        }
        return DoctorCheck(name, .ok, listed)
    }
}
