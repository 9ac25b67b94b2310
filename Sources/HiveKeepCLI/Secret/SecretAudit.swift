import ArgumentParser
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepStore

/// `hivekeep secret audit [--verify]`.
struct SecretAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Print the secrets audit log, or check its chain with --verify.",
        discussion: """
            The log is keyed once a provider that can hold the audit key (encrypted or keyring) is set up: each \
            record then carries a MAC made with a key kept in the secrets store, so an edit cannot be re-chained \
            without it. --verify reads that key and names the first bad record.
            """
    )

    @Flag(help: "Check that no record was edited, inserted or removed; exit 1 when the chain is broken.")
    var verify = false

    func run() async throws {
        let cli = try CLIEnvironment()
        let secrets = cli.secretsService()
        let log = secrets.auditLog
        if verify {
            // The key is read only when a provider is set up; an unkeyed log verifies without it.
            let key = (try? await secrets.auditKey()) ?? nil
            let result = try log.verify(key: key)
            guard let problem = result.problem else {
                let keyed = result.keyedFrom.map { ", keyed from record \($0)" } ?? ", not keyed"
                let first = result.firstSequence > 1 ? " (from record \(result.firstSequence))" : ""
                print("audit log intact: \(result.recordCount) records\(first)\(keyed)")
                return
            }
            print("audit log broken after \(result.recordCount) good records: \(problem)")
            throw ExitCode(1)
        }
        for record in try log.records() {
            let key = record.key ?? "-"
            print(
                "\(record.time) \(record.operation.rawValue) \(key) \(record.provider.rawValue) "
                    + "\(record.outcome.rawValue) uid=\(record.uid) \(record.caller)")
        }
    }
}
