import ArgumentParser
import Foundation
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepStore
import Sodium

/// `hivekeep secret provider`.
struct SecretProvider: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provider",
        abstract: "Show the secrets provider and what it can do."
    )

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let description = try await CLIEnvironment().secretsService().describe()
        let flags = description.capabilities
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let body: [String: String] = ["provider_type": description.type.rawValue]
            print(
                String(decoding: try encoder.encode(body), as: UTF8.self).dropLast() + ",\"capabilities\":"
                    + String(decoding: try encoder.encode(flags), as: UTF8.self) + "}")
            return
        }
        print("provider: \(description.type.rawValue)")
        print("can_read: \(flags.canRead)\ncan_write: \(flags.canWrite)\ncan_delete: \(flags.canDelete)")
        print("can_list: \(flags.canList)\ncan_cleanup: \(flags.canCleanup)")
    }
}
