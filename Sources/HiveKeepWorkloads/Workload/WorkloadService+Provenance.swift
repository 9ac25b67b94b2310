import Foundation
import HiveKeepCore
import HiveKeepRegistry
import HiveKeepStore

extension WorkloadService {
    /// Where the workload a create (or edit) request describes would come from. Pure: nothing is saved.
    public func provenance(ofRequest request: WorkloadRequest) async throws -> WorkloadProvenance {
        if let url = request.url, !url.isEmpty {
            return .custom(reason: "a remote URL given in the request (not a registry entry)")
        }
        guard let image = request.image, !image.isEmpty else {
            return .custom(reason: "no registry server named")
        }
        guard !image.contains("://"), let entry = try await registry.lookup(image) else {
            return .custom(reason: "\(image) is not a server of the configured registry")
        }
        if let volumes = request.volumes, !volumes.isEmpty {
            return .custom(reason: "volumes chosen by the caller")
        }
        if let reason = Self.adminOnlySetting(
            allowLoaderEnv: request.allowLoaderEnv, sandbox: request.sandbox,
            allowInstallScripts: request.allowInstallScripts, proxyAuth: request.proxyAuth)
        {
            return .custom(reason: reason)
        }
        if request.permissionProfile != nil { return .custom(reason: "a permission profile chosen by the caller") }
        if let secrets = request.secrets, !secrets.isEmpty {
            // An operator may give a server values it knows (registry-marked variables are then stored as secrets),
            // never hand it a stored secret: the server (or a variable such as a host name) could disclose it.
            return .custom(reason: "references to stored secrets, which the caller may not read")
        }
        let variables = Set((request.envVars ?? [:]).keys)
        let targets = Set<String>()
        switch entry {
        case .image(let server):
            if let arguments = request.cmdArguments, !arguments.isEmpty, arguments != (server.args ?? []) {
                return .custom(reason: "command arguments chosen by the caller")
            }
            return Self.declared(variables, targets, by: server.envVars ?? [], server: server.name)
        case .remote(let server):
            if request.oauthConfig != nil, request.oauthConfig != .null {
                return .custom(reason: "OAuth settings chosen by the caller")
            }
            if let headers = request.headers, headers != .null {
                return .custom(reason: "upstream headers chosen by the caller")
            }
            return Self.declared(variables, targets, by: server.envVars ?? [], server: server.name)
        }
    }

    /// Where the saved workload `name` comes from; 404 when there is none.
    public func provenance(of name: String) async throws -> WorkloadProvenance {
        let config = try config(name)
        if let record = try? signedProvenance(of: name), record.digest == (try? RunDefinition(config).digest()) {
            return .signed(keyID: record.keyID)
        }
        guard let document = try? await registry.registry(named: "default").document else {
            return .custom(reason: "the registry cannot be read")
        }
        let targets = Set(config.secrets.compactMap { try? SecretReference(parsing: $0).target })
        if let url = config.remoteURL {
            guard let server = document.remoteServers.values.first(where: { $0.url == url }) else {
                return .custom(reason: "remote URL \(url) is not a server of the configured registry")
            }
            if config.remoteAuthConfig != nil { return .custom(reason: "upstream credentials chosen by the caller") }
            return Self.declared(Set(config.envVars.keys), targets, by: server.envVars ?? [], server: server.name)
        }
        guard let server = document.servers.values.first(where: { $0.image == config.image }) else {
            return .custom(reason: "\(config.image) is not a server of the configured registry")
        }
        guard config.cmdArgs.isEmpty || config.cmdArgs == (server.args ?? []) else {
            return .custom(reason: "command arguments the registry does not give")
        }
        guard config.volumes.isEmpty else { return .custom(reason: "volumes") }
        if let reason = Self.adminOnlySetting(
            allowLoaderEnv: config.allowLoaderEnv, sandbox: config.sandbox,
            allowInstallScripts: config.allowInstallScripts, proxyAuth: config.proxyAuth)
        {
            return .custom(reason: reason)
        }
        guard config.permissionProfile == nil || config.permissionProfile == server.permissions else {
            return .custom(reason: "a permission profile the registry does not give")
        }
        return Self.declared(Set(config.envVars.keys), targets, by: server.envVars ?? [], server: server.name)
    }

    /// The admin-only opt-outs a definition carries, named; nil when it carries none.
    private static func adminOnlySetting(
        allowLoaderEnv: Bool?, sandbox: String?, allowInstallScripts: Bool?, proxyAuth: String?
    ) -> String? {
        if allowLoaderEnv == true { return "allow_loader_env (loader variables in the server's environment)" }
        if sandbox == "none" { return "sandbox none (the server would run unconfined)" }
        if allowInstallScripts == true { return "allow_install_scripts (npm install scripts would run)" }
        if proxyAuth == "none" { return "proxy_auth none (the workload's proxy would answer anyone)" }
        return nil
    }

    /// `.registry` when every variable and secret target is one the registry declares for the server.
    private static func declared(
        _ variables: Set<String>, _ targets: Set<String>, by specs: [EnvVarSpec], server: String
    ) -> WorkloadProvenance {
        let names = Set(specs.map(\.name))
        if let extra = variables.union(targets).subtracting(names).sorted().first {
            return .custom(reason: "variable \(extra), which the registry does not declare for \(server)")
        }
        return .registry(server: server)
    }

    /// Records that `config` was imported with a signature by `keyID`.
    func recordSignedProvenance(_ config: RunConfig, keyID: String) throws {
        let path = SignedProvenanceRecord.path(paths: paths, name: config.name)
        try FileSystem.createDirectory(paths.dataDirectory + "/provenance", mode: 0o700)
        let record = SignedProvenanceRecord(keyID: keyID, digest: try RunDefinition(config).digest())
        try AtomicFile.write(Array(try JSONEncoder().encode(record)), to: path, mode: 0o600)
    }

    /// Forgets the signed import record of `name` (its workload is deleted or replaced).
    func removeSignedProvenance(of name: String) {
        try? FileManager.default.removeItem(atPath: SignedProvenanceRecord.path(paths: paths, name: name))
    }

    private func signedProvenance(of name: String) throws -> SignedProvenanceRecord? {
        guard let bytes = try FileSystem.readFile(SignedProvenanceRecord.path(paths: paths, name: name)) else {
            return nil
        }
        return try JSONDecoder().decode(SignedProvenanceRecord.self, from: Data(bytes))
    }
}
