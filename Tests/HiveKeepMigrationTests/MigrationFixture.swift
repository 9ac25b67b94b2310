import Foundation
import HiveKeepCore
import HiveKeepMigration
import HiveKeepRegistry
import HiveKeepSecrets
import HiveKeepStore
import HiveKeepTestSupport
import HiveKeepWorkloads
import Logging
import Sodium

/// A HiveKeep installation and, beside it, a ToolHive installation written by an independent implementation
/// (`Fixtures/make_toolhive.py`, Python `cryptography` AES-GCM, as ToolHive writes its file).
struct MigrationFixture {
    static let hiveKeepPassword = "hivekeep-vault-password"
    static let toolHivePassword = "toolhive-pässword-42"

    let directory: TemporaryDirectory
    let environment: EnvironmentValues
    let paths: HiveKeepPaths
    var toolHiveRoot: String { directory.child("toolhive-home") }

    init() throws {
        directory = try TemporaryDirectory(prefix: "hivekeep-migrate")
        environment = EnvironmentValues(
            directory.isolatedEnvironment(extra: ["HIVEKEEP_SECRETS_PASSWORD": Self.hiveKeepPassword]))
        paths = try HiveKeepPaths(environment: environment)
        try paths.createDirectories()
    }

    /// Writes the ToolHive installation described by `spec` (see make_toolhive.py) with the Python tool.
    func writeToolHive(_ spec: [String: Any]) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Fixtures/make_toolhive.py"
        let json = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try PythonTools.executable("python"))
        process.arguments = [script, toolHiveRoot, json]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestSupportError("make_toolhive.py failed") }
    }

    /// The services over the HiveKeep installation, as the CLI builds them.
    func services() -> ToolHiveMigrator.Services {
        let logger = Logger(label: "test.migrate")
        var dependencies = SecretsService.Dependencies.standard(
            paths: paths, environment: environment, logger: logger)
        dependencies.kdfLimits = .minimumAllowed
        let secrets = SecretsService(dependencies)
        let registry = RegistryService(paths: paths, config: ConfigStore(path: paths.configFile), logger: logger)
        let workloads = WorkloadService(
            paths: paths, environment: environment, secrets: secrets, registry: registry,
            options: .standard(environment: environment.values), logger: logger)
        let groups = GroupService(paths: paths, logger: logger, workloads: workloads)
        let clients = ClientService(
            paths: paths, environment: environment, groups: groups, logger: logger, workloads: workloads)
        return .init(paths: paths, secrets: secrets, groups: groups, workloads: workloads, clients: clients)
    }

    /// A migrator over a fresh read of the ToolHive installation, the password taken from `password` (the
    /// variable), no keyring and no prompt.
    func migrator(password: String? = Self.toolHivePassword, services: ToolHiveMigrator.Services? = nil) throws
        -> ToolHiveMigrator
    {
        var values = environment.values
        values[ToolHivePassword.variable] = password
        let source = ToolHivePassword(
            environment: EnvironmentValues(values), keyring: nil, prompt: nil, logger: Logger(label: "test"))
        return ToolHiveMigrator(
            installation: try ToolHiveInstallation.read(ToolHiveLayout(root: toolHiveRoot)),
            services: services ?? self.services(), password: source, logger: Logger(label: "test.migrate"))
    }

    /// SHA-256 and mode of every file under the ToolHive root, by path.
    func toolHiveChecksums() throws -> [String: String] {
        var sums: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: toolHiveRoot)
        while let relative = enumerator?.nextObject() as? String {
            let path = toolHiveRoot + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
            sums[relative] = try SHA256.hash(bytes).map { String(format: "%02x", $0) }.joined() + " \(mode)"
        }
        return sums
    }

    /// The secret `name`'s value in HiveKeep's provider, as text.
    func hiveKeepSecret(_ name: String, services: ToolHiveMigrator.Services) async throws -> String {
        let value = try await services.secrets.get(key: name, caller: "test")
        return value.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// The standard ToolHive installation of the tests: encrypted provider, four secrets (one whose name HiveKeep
    /// refuses), a workload that references a secret, one that holds a secret value, two groups, three clients.
    static var standardSpec: [String: Any] {
        [
            "password": toolHivePassword, "provider": "encrypted",
            "secrets": ["api-key": "value-of-api-key", "bad,name": "value-of-bad", "shared": "value-of-shared"],
            "runconfigs": [
                "time": [
                    "schema_version": "v0.1.0", "name": "time", "base_name": "time", "container_name": "time",
                    "image": "uvx://mcp-server-time", "transport": "stdio", "port": 0, "group": "team",
                    "cmd_args": ["--local-timezone", "UTC"], "env_vars": ["REGION": "eu"],
                    "secrets": ["api-key,target=API_KEY"],
                ],
                "leaky": [
                    "schema_version": "v0.1.0", "name": "leaky", "base_name": "leaky",
                    "remote_url": "https://mcp.example.com/mcp", "transport": "streamable-http", "port": 0,
                    "remote_auth_config": ["client_id": "app", "client_secret": "plain-SECRET-in-runconfig"],
                ],
            ],
            "groups": ["default": ["cursor"], "team": ["claude-code"]],
            "global_clients": ["vscode"],
        ]
    }
}
