import Foundation
import HiveKeepCore
import Hummingbird
import NIOCore

/// Decodes JSON request bodies and describes what was wrong with them by field and problem only.
///
/// The decoder's own messages are never passed on: they can quote the input, and a request body may hold a secret.
enum JSONBody {
    /// Decodes `type` from the (already collected) request body, or throws a 400 that names the field.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: HiveKeepRequestContext)
        async throws -> T
    {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { throw HiveKeepError.invalid("request body is empty; expected JSON") }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw HiveKeepError.invalid(describe(error))
        }
    }

    /// Checks that the request body, when present, is well-formed JSON.
    static func validateSyntax(of request: Request, context: HiveKeepRequestContext) async throws {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { return }
        do {
            _ = try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView), options: [.fragmentsAllowed])
        } catch {
            throw HiveKeepError.invalid("request body is not valid JSON")
        }
    }

    /// A one-line description of a decoding failure: the field path and the kind of problem, never the input.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "request body is not valid JSON"
        case .dataCorrupted(let context):
            return "field '\(path(context.codingPath))' has an invalid value"
        case .keyNotFound(let key, let context):
            return "field '\(path(context.codingPath + [key]))' is required"
        case .typeMismatch(let type, let context):
            return "field '\(path(context.codingPath))' must be \(jsonType(type))"
        case .valueNotFound(let type, let context):
            return "field '\(path(context.codingPath))' must be \(jsonType(type)), not null"
        @unknown default:
            return "request body does not match the expected shape"
        }
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        guard !codingPath.isEmpty else { return "(body)" }
        return codingPath.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }
            .joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
    }

    private static func jsonType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type, is UInt16.Type, is Int32.Type, is UInt.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        default: String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }
}
