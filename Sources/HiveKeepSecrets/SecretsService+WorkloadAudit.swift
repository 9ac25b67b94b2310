import HiveKeepCore
import HiveKeepStore

extension SecretsService {
    /// Writes one audit record for a workload event that decides which secrets a server receives (a workload
    /// created or imported), naming the request's principal; `key` is the workload's name. The record's provider
    /// is the configured one (`environment` when none is set up). Throws when the record cannot be written: the
    /// caller must then not go on.
    public func recordWorkloadEvent(
        _ operation: AuditOperation, workload: String, outcome: AuditOutcome, caller: String
    ) async throws {
        let configured = (try? await dependencies.config.load())?.secrets.providerType
        let type = configured.flatMap(SecretsProviderType.init(rawValue:)) ?? .environment
        let context = SecretsCallContext(caller: RequestCaller.auditName(for: caller), audit: dependencies.audit)
        try await Blocking.run {
            try context.record(operation, key: workload, provider: type, outcome: outcome)
        }
    }
}
