import ArgumentParser
import HiveKeepSecrets
import HiveKeepStore

/// `hivekeep secret audit [--verify]`.
struct SecretAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Print the secrets audit log, or check its hash chain with --verify."
    )

    @Flag(help: "Check that no record was edited, inserted or removed; exit 1 when the chain is broken.")
    var verify = false

    func run() async throws {
        let cli = try CLIEnvironment()
        let log = AuditLog(path: cli.paths.stateDirectory + "/audit.jsonl")
        if verify {
            let result = try log.verify()
            guard let problem = result.problem else {
                print("audit log intact: \(result.recordCount) records")
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
