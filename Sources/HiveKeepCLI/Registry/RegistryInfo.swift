import ArgumentParser
import Foundation
import HiveKeepRegistry

/// `hivekeep registry info <server>`: one entry of the registry.
struct RegistryInfo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Show one server of the registry.")

    @Argument(help: "The server's name in the registry.")
    var name: String

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let entry = try await CLIEnvironment().registryService().server(named: name, in: "default")
        switch entry {
        case .image(let server):
            if json { return print(try CLIOutput.json(server, pretty: true)) }
            print("\(server.name): \(server.description)")
            print("  image:     \(server.image)")
            print("  transport: \(server.transport)  tier: \(server.tier)  status: \(server.status)")
            print("  tools:     \(server.tools.joined(separator: ", "))")
            for variable in server.envVars ?? [] {
                let marks = [variable.required ? "required" : nil, variable.secret == true ? "secret" : nil]
                    .compactMap { $0 }.joined(separator: ", ")
                print("  env:       \(variable.name)\(marks.isEmpty ? "" : " (\(marks))"): \(variable.description)")
            }
        case .remote(let server):
            if json { return print(try CLIOutput.json(server, pretty: true)) }
            print("\(server.name): \(server.description)")
            print("  url:       \(server.url)")
            print("  transport: \(server.transport)  tier: \(server.tier)  status: \(server.status)")
            print("  tools:     \(server.tools.joined(separator: ", "))")
        }
    }
}
