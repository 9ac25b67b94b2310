import Foundation
import HiveKeepCore
import HiveKeepSigning

/// An import body once read and checked: the run configuration it carries and the trusted key that signed it.
///
/// The body is a DSSE envelope (`payloadType`, `payload`, `signatures`) whose payload is a RunConfig, or, only when
/// unsigned imports are allowed, a plain RunConfig such as a ToolHive export. Every refusal is a 400 that says
/// which check failed, and none of them quotes the input.
public struct ImportDocument: Sendable {
    /// The run configuration, its keys matched case-insensitively as ToolHive reads them.
    public var config: RunConfig
    /// The trusted key whose signature verified; nil for a plain (unsigned) RunConfig.
    public var signer: SigningPublicKey?

    /// The schema versions HiveKeep reads.
    public static let supportedSchemaVersions: Set<String> = [RunConfig.schemaVersion]

    /// Reads `body`, verifying an envelope against `trustedKeys`.
    ///
    /// - Throws: `.invalidArgument` for a body that is not a JSON object, an envelope that does not verify (see
    ///   ``EnvelopeVerifier``; its ``EnvelopeError`` is the cause), a plain RunConfig without `allowUnsigned`, a
    ///   payload that is not a RunConfig, or an unsupported `schema_version`.
    public static func read(
        _ body: [UInt8], trustedKeys: [SigningPublicKey], allowUnsigned: Bool
    ) throws -> ImportDocument {
        guard case .object(let fields) = try json(body, what: "the import") else {
            throw HiveKeepError.invalid("the import is not a JSON object: expected a signed envelope or a RunConfig")
        }
        let envelopeKeys: Set<String> = ["payloadType", "payload", "signatures"]
        guard fields.keys.contains(where: envelopeKeys.contains) else {
            guard allowUnsigned else {
                throw HiveKeepError.invalid(
                    "the run configuration is not signed; import it only if you trust its source, with "
                        + "allow_unsigned=true (CLI: --allow-unsigned)")
            }
            return ImportDocument(config: try runConfig(from: .object(fields)), signer: nil)
        }
        let verified = try EnvelopeVerifier.verify(
            json: body, payloadType: DSSE.runConfigPayloadType, trustedKeys: trustedKeys)
        let payload = try json(verified.payload, what: "the signed payload")
        return ImportDocument(config: try runConfig(from: payload), signer: verified.signer)
    }

    /// Decodes a RunConfig from `document` after matching its keys; checks the schema version.
    static func runConfig(from document: JSONValue) throws -> RunConfig {
        guard case .object(let fields) = RunConfigKeys.normalize(document) else {
            throw HiveKeepError.invalid("the payload is not a RunConfig: expected a JSON object")
        }
        if let version = fields["schema_version"] {
            guard case .string(let text) = version, supportedSchemaVersions.contains(text) else {
                let shown = version.stringValue.map { "'\($0.prefix(40))'" } ?? "a non-string value"
                throw HiveKeepError.invalid(
                    "unsupported schema_version \(shown): HiveKeep reads "
                        + supportedSchemaVersions.sorted().joined(separator: ", "))
            }
        }
        do {
            let bytes = try JSONEncoder().encode(JSONValue.object(fields))
            return try JSONDecoder().decode(RunConfig.self, from: bytes)
        } catch let error as DecodingError {
            throw HiveKeepError.invalid("the payload is not a valid RunConfig: \(describe(error))")
        } catch let error as HiveKeepError {
            throw HiveKeepError.invalid("the payload is not a valid RunConfig: \(error.message)")
        }
    }

    private static func json(_ bytes: [UInt8], what: String) throws -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw HiveKeepError.invalid("\(what) is not valid JSON")
        }
    }

    /// The field path and kind of a decoding failure, never the input.
    private static func describe(_ error: DecodingError) -> String {
        let context: DecodingError.Context
        switch error {
        case .typeMismatch(_, let found), .valueNotFound(_, let found), .dataCorrupted(let found):
            context = found
        case .keyNotFound(let key, let found):
            return "field '\(path(found.codingPath + [key]))' is required"
        @unknown default:
            return "it does not match the expected shape"
        }
        return "field '\(path(context.codingPath))' has the wrong type or value"
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
