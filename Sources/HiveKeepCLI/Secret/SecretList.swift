import ArgumentParser
import Foundation
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepStore
import Sodium

/// `hivekeep secret list`.
struct SecretList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List secret names (never values).")

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let keys = try await CLIEnvironment().secretsService().listKeys(caller: "cli")
        if json {
            let body = ["keys": keys.map { ["key": $0] }]
            print(String(decoding: try JSONEncoder().encode(body), as: UTF8.self))
        } else {
            for key in keys { print(key) }
        }
    }
}
