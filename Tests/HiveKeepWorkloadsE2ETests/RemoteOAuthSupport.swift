import Foundation
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepStore
import HiveKeepTestSupport
import HiveKeepVault
import Sodium
import Testing

/// What the remote OAuth tests share: a person at a browser (an HTTP client that reads the authorization server's
/// sign-in page and approves, never following the redirect itself), the vault read the way the runner wrote it,
/// and the search for token values outside it.
enum RemoteOAuthSupport {
    static let vaultPassword = "remote-oauth-vault-pw"

    /// Opens `authorizationURL`, approves as `user` and returns where the authorization server sends the browser
    /// (`http://127.0.0.1:PORT/callback?code=...&state=...`).
    static func approve(_ authorizationURL: String, user: String = "alice") throws -> String {
        let url = try #require(URLComponents(string: authorizationURL))
        let port = try #require(url.port)
        let page = try RawHTTP.request(
            "GET", url.percentEncodedPath + "?" + (url.percentEncodedQuery ?? ""), to: .tcp(port: port))
        try #require(page.status == 200, "sign-in page: \(page.status) \(page.body.prefix(300))")
        let action = try #require(
            page.body.firstMatch(of: /action="([^"]+)"/).map {
                String($0.1).replacingOccurrences(of: "&amp;", with: "&")
            })
        let answer = try RawHTTP.request(
            "POST", action, to: .tcp(port: port), headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: "sub=\(user)&action=approve")
        try #require((300..<400).contains(answer.status), "approve: \(answer.status) \(answer.body.prefix(300))")
        return try #require(answer.headers.first { $0.key.lowercased() == "location" }?.value)
    }

    /// A browser on the runner's machine following the redirect to the runner's callback listener.
    static func follow(_ redirect: String) throws -> Int {
        let url = try #require(URLComponents(string: redirect))
        let path = url.percentEncodedPath + "?" + (url.percentEncodedQuery ?? "")
        return try RawHTTP.request("GET", path, to: .tcp(port: try #require(url.port))).status
    }

    /// The workload's OAuth record `kind` as the runner stored it in the vault, decoded; nil when absent.
    static func record(_ harness: WorkloadHarness, workload: String, kind: String) async throws -> [String: Any]? {
        let paths = try HiveKeepPaths(environment: EnvironmentValues(harness.environment))
        let vault = try await EncryptedProvider(
            path: paths.dataDirectory + "/secrets.vault", password: try SecureBytes(copying: Array(vaultPassword.utf8)))
        guard let value = try vault.vault.read().value("hivekeep=oauth/\(workload)/\(kind)") else { return nil }
        let data = value.withUnsafeBytes { Data($0) }
        return try JSONSerialization.jsonObject(with: data) as? [String: Any]
    }

    /// The files under the harness directory (state, config, data, logs; not the vault and not the test's own
    /// client output) that contain any of `values`.
    static func filesContaining(_ values: [String], in harness: WorkloadHarness) throws -> [String] {
        let root = harness.directory.path
        let enumerator = FileManager.default.enumerator(atPath: root)
        var found: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            let path = root + "/" + relative
            guard !relative.hasPrefix("client-logs"), !relative.hasSuffix("secrets.vault"),
                let data = FileManager.default.contents(atPath: path)
            else { continue }
            let text = String(decoding: data, as: UTF8.self)
            if values.contains(where: { !$0.isEmpty && text.contains($0) }) { found.append(relative) }
        }
        return found
    }

    /// POSTs a control request to the OAuth fixture; returns the answer's body.
    @discardableResult
    static func control(_ fixture: OAuthFixture, _ path: String, _ body: String = "{}") throws -> String {
        let port = try #require(fixture.controlURL.port)
        let reply = try RawHTTP.request(
            "POST", "/control/" + path, to: .tcp(port: port), headers: ["Content-Type": "application/json"], body: body)
        try #require(reply.status < 300, "control \(path): \(reply.status)")
        return reply.body
    }

    /// The grant types of the token requests the authorization server has seen, in order.
    static func tokenRequests(_ fixture: OAuthFixture) throws -> [String] {
        let reply = try RawHTTP.request(
            "GET", "/control/token-requests", to: .tcp(port: try #require(fixture.controlURL.port)))
        let list = try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [[String: Any]] ?? []
        return list.compactMap { $0["grant_type"] as? String }
    }
}
