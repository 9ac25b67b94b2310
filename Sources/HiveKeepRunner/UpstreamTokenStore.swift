import Foundation
import HiveKeepCore
import HiveKeepOAuth
import HiveKeepSecrets
import Sodium

/// A remote workload's OAuth state in the secrets store's reserved records (``OAuthRecord``), read and written by
/// its runner (audited as `runner:<workload>`): the tokens, and what discovery and dynamic registration found (the
/// endpoints, and the registered client when HiveKeep registered one; a client id given by the user is never
/// copied, and its secret stays in the user's secret).
struct UpstreamTokenStore: Sendable {
    /// The discovered endpoints and the dynamically registered client.
    struct ClientRecord: Codable, Sendable, Hashable {
        var endpoints: OAuthEndpoints
        var registration: OAuthClientRegistration?
        /// The sign-in settings these were made for (``settingsKey(_:)``): after an edit that changes them, the
        /// stored endpoints, registration and tokens are not used.
        var settingsKey: String?
    }

    /// What identifies the server and client a workload signs in to (no secret in it): the remote URL, issuer,
    /// endpoints, client id, resource, scopes and grant.
    static func settingsKey(_ settings: OAuthSettings) -> String {
        let parts: [String?] = [
            settings.resource.absoluteString, settings.issuer?.absoluteString, settings.authorizeURL?.absoluteString,
            settings.tokenURL?.absoluteString, settings.clientID, settings.resourceIndicator,
            settings.scopes.joined(separator: " "), settings.clientCredentials ? "client_credentials" : "code",
        ]
        return parts.map { $0 ?? "" }.joined(separator: "\n")
    }

    let secrets: SecretsService
    let workload: String

    var caller: String { "runner:\(workload)" }

    func tokens() async throws -> OAuthTokens? {
        try await read(.tokens)
    }

    func save(_ tokens: OAuthTokens) async throws {
        try await write(tokens, .tokens)
    }

    /// Forgets the tokens (a refused refresh): the next start signs in again rather than reusing them.
    func forgetTokens() async throws {
        try await secrets.setOAuthRecord(
            try SecureBytes(copying: Array("{}".utf8)), workload: workload, kind: .tokens,
            caller: caller)
    }

    func client() async throws -> ClientRecord? {
        try await read(.client)
    }

    func save(_ client: ClientRecord) async throws {
        try await write(client, .client)
    }

    private func read<T: Decodable>(_ kind: OAuthRecord.Kind) async throws -> T? {
        guard let value = try await secrets.oauthRecord(workload: workload, kind: kind, caller: caller) else {
            return nil
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        // An emptied record ("{}") or one this version cannot read counts as none: sign in again.
        return value.withUnsafeBytes { try? decoder.decode(T.self, from: Data($0)) }
    }

    private func write<T: Encodable>(_ value: T, _ kind: OAuthRecord.Kind) async throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        defer { data.resetBytes(in: 0..<data.count) }
        let bytes = try SecureBytes(copying: data)
        try await secrets.setOAuthRecord(bytes, workload: workload, kind: kind, caller: caller)
    }
}
