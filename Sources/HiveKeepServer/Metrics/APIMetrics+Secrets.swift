import HiveKeepSecrets
import Prometheus

/// `hivekeep_secrets_operations_total{provider,operation,outcome}`: every get, list, create, update and delete the
/// API server's ``SecretsService`` performs (API requests, and the reads of a workload's secrets when it starts).
extension APIMetrics {
    /// The observer to put in the secrets service's dependencies.
    public var secretsObserver: SecretsObserver {
        { [self] event in recordSecrets(event) }
    }

    /// Counts one finished secrets operation.
    func recordSecrets(_ event: SecretsOperationEvent) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "hivekeep", subsystem: "secrets", metricName: "operations", unitName: "total",
                helpText: "Secrets operations by provider, operation and outcome"),
            labels: [
                ("provider", event.provider), ("operation", event.operation.rawValue),
                ("outcome", event.outcome.rawValue),
            ]
        ).increment()
    }
}
