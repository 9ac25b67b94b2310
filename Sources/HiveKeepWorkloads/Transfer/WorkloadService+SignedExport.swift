import Foundation
import HiveKeepCore
import HiveKeepSigning

/// Signed export: the checked run configuration (``exportRunConfig(_:)``) as the payload of a DSSE envelope signed
/// with HiveKeep's own key.
extension WorkloadService {
    /// The signing service over this installation's secrets store and trust store.
    public nonisolated var signing: SigningService {
        SigningService(paths: paths, secrets: secrets, logger: logger)
    }

    /// The run configuration of `name`, signed: payload type `application/vnd.hivekeep.runconfig+json`, payload
    /// the RunConfig JSON as ``exportPayload(_:)`` writes it.
    ///
    /// - Throws: what ``exportRunConfig(_:)`` throws (404, 409 for a secret value); `.conflict` when no writable
    ///   secrets provider can hold the signing key, or the active key is not in the current provider.
    public func exportSignedRunConfig(_ name: String, caller: String = "export") async throws -> DSSEEnvelope {
        let config = try await exportRunConfig(name)
        return try await signing.sign(
            payload: try Self.exportPayload(config), payloadType: DSSE.runConfigPayloadType, caller: caller)
    }

    /// The bytes of an exported RunConfig: compact JSON, sorted keys, slashes unescaped (what the plain export
    /// returns, without its trailing newline).
    public static func exportPayload(_ config: RunConfig) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(config))
    }
}
