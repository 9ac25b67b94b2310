import ArgumentParser
import HiveKeepSecrets

/// `hivekeep secret provider`.
struct SecretProvider: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provider",
        abstract: "Show the secrets provider and what it can do."
    )

    @Flag(help: "Print JSON, in the shape of GET /api/v1beta/secrets/default without its name.")
    var json = false

    struct Body: Encodable {
        var providerType: String
        var capabilities: SecretsCapabilities
        enum CodingKeys: String, CodingKey {
            case providerType = "provider_type"
            case capabilities
        }
    }

    func run() async throws {
        let description = try await CLIEnvironment().secretsService().describe()
        let flags = description.capabilities
        if json {
            print(try CLIOutput.json(Body(providerType: description.type.rawValue, capabilities: flags)))
            return
        }
        print("provider: \(description.type.rawValue)")
        print("can_read: \(flags.canRead)\ncan_write: \(flags.canWrite)\ncan_delete: \(flags.canDelete)")
        print("can_list: \(flags.canList)\ncan_cleanup: \(flags.canCleanup)")
    }
}
