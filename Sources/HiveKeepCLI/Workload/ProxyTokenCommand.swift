import ArgumentParser
import Foundation
import HiveKeepWorkloads

/// `hivekeep proxy-token NAME [--rotate]`: prints the token MCP clients present to the workload's proxy.
struct ProxyTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy-token",
        abstract: "Print the token MCP clients send to a workload's proxy (Authorization: Bearer TOKEN).",
        discussion: """
            The token is stored 0600 beside the workload's status and never appears in its run configuration, \
            export or API responses. --rotate replaces it: the running proxy refuses the old token within a \
            second, so register the workload's clients again (hivekeep client register) afterwards.
            """)

    @Argument(help: "The workload's name.")
    var name: String

    @Flag(help: "Replace the token with a new random one.")
    var rotate = false

    func run() async throws {
        let service = try CLIEnvironment().workloadService()
        let token = try await service.proxyToken(name, rotate: rotate)
        print(token)
        if rotate {
            FileHandle.standardError.write(
                Data("hivekeep: the old token no longer works; register the workload's clients again\n".utf8))
        }
    }
}
