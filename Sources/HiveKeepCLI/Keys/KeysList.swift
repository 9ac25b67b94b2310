import ArgumentParser
import Foundation
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepSigning

/// `hivekeep keys list [--json]`: the active signing key and the trusted keys.
struct KeysList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show the active signing key and the trusted public keys."
    )

    @Flag(help: "Print JSON.")
    var json = false

    struct Entry: Encodable {
        var name: String
        var keyID: String
        var source: String
        enum CodingKeys: String, CodingKey {
            case name
            case keyID = "keyid"
            case source
        }
    }

    struct Body: Encodable {
        var activeKeyID: String?
        var provider: String?
        var problem: String?
        var keys: [Entry]
        enum CodingKeys: String, CodingKey {
            case activeKeyID = "active_keyid"
            case provider
            case problem
            case keys
        }
    }

    func run() async throws {
        let service = try CLIEnvironment().signingService()
        let status = try await service.status(caller: "cli")
        let store = service.trustStore
        var entries = try await Blocking.run { try store.keys() }.map {
            Entry(name: $0.name, keyID: $0.key.keyID, source: "trust-store")
        }
        if let active = status.activeKey {
            entries.removeAll { $0.keyID == active.keyID }
            entries.insert(Entry(name: "self", keyID: active.keyID, source: "self"), at: 0)
        }
        let body = Body(
            activeKeyID: status.activeKey?.keyID, provider: status.provider?.rawValue, problem: status.problem,
            keys: entries)
        if json {
            print(try CLIOutput.json(body))
            return
        }
        print(Self.describe(status))
        for entry in entries {
            print("\(entry.name)\t\(entry.keyID)\t\(entry.source)")
        }
        if let problem = status.problem {
            FileHandle.standardError.write(Data("warning: \(problem)\n".utf8))
        }
    }

    static func describe(_ status: SigningKeyStatus) -> String {
        guard let active = status.activeKey else {
            return "active signing key: none yet (created on first signing, or with 'hivekeep keys generate')"
        }
        let place = status.provider.map { " (kept by the \($0.rawValue) secrets provider)" } ?? ""
        return "active signing key: \(active.keyID)\(place)"
    }
}
