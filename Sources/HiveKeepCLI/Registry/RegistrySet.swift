import ArgumentParser
import HiveKeepRegistry
import HiveKeepStore

/// `hivekeep registry set`: point the registry at a custom file, URL or MCP Registry API (checked before it is
/// saved).
struct RegistrySet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Use a custom registry file, https URL or MCP Registry API instead of the built-in registry.")

    @Option(help: "An https URL of a registry JSON document.")
    var url: String?

    @Option(name: .customLong("api-url"), help: "The base URL of an MCP Registry API (GET <base>/v0.1/servers).")
    var apiURL: String?

    @Option(name: .customLong("local-path"), help: "A registry JSON file.")
    var localPath: String?

    @Flag(name: .customLong("allow-private-ip"), help: "Allow plain http and private, loopback or link-local hosts.")
    var allowPrivateIP = false

    @Option(
        name: .customLong("ca-cert"),
        help: "A PEM file of extra certificate authorities to trust for --url and --api-url.")
    var caCert: String?

    func validate() throws {
        guard [url, apiURL, localPath].compactMap({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --url, --api-url and --local-path")
        }
    }

    func run() async throws {
        let environment = try CLIEnvironment()
        if let caCert {
            let path = RegistryService.absolute(caCert)
            try await ConfigStore(path: environment.paths.configFile).update { $0.registry.caCertPath = path }
        }
        let update = RegistryUpdate(
            url: url, apiURL: apiURL, localPath: localPath, allowPrivateIP: allowPrivateIP)
        let result = try await environment.registryService().update(named: "default", update)
        print(result.message)
    }
}
