import ArgumentParser
import Foundation
import HiveKeepClients
import HiveKeepWorkloads

/// `hivekeep client register NAME… [--group G]…`.
struct ClientRegister: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Register clients with groups ('default' when none is given) and write the running workloads."
    )

    @Argument(help: "Client types, as listed by 'hivekeep client status'.")
    var names: [String]

    @Option(name: .customLong("group"), help: "A group to register with (repeatable).")
    var groups: [String] = []

    func run() async throws {
        let service = try CLIEnvironment().clientService()
        for name in names {
            let registered = try await service.register(name, groups: groups)
            print("registered \(name) with \(registered.joined(separator: ", "))")
            if let warning = ClientType(rawValue: name)?.proxyAuthenticationWarning {
                FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
            }
        }
    }
}
