import AsyncHTTPClient
import Foundation
import HiveKeepAuth
import HiveKeepTestSupport
import Logging
import NIOCore
import NIOHTTP1

/// The independent issuer of `Fixtures/issuer.py` (keys from `cryptography`, tokens from PyJWT), run on a free
/// loopback port for one test. Its issuer URL is `http://127.0.0.1:PORT`.
final class TestIssuer: Sendable {
    let port: Int
    private let process: ChildProcess
    private let directory: TemporaryDirectory

    var issuer: String { "http://127.0.0.1:\(port)" }

    init() async throws {
        directory = try TemporaryDirectory(prefix: "hivekeep-issuer")
        process = try ChildProcess(
            try PythonTools.executable("python"), [Self.fixture("issuer.py")],
            environment: ProcessInfo.processInfo.environment, logDirectory: directory.path, name: "issuer")
        port = try await Self.readPort(process)
    }

    /// The port a fixture server prints as its first line.
    static func readPort(_ process: ChildProcess) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            if let line = process.output.split(separator: "\n").first, let port = Int(line) { return port }
            guard ContinuousClock.now < deadline, process.isRunning else {
                process.kill()
                throw TestSupportError("the fixture server did not start: \(process.errorOutput)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The path of a file in `Fixtures/`.
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
    }

    /// Settings for this issuer with the audience `hivekeep` and the roles claim `groups`.
    func settings(jwksURL: String? = nil, clientID: String? = nil) -> OIDCSettings {
        OIDCSettings(
            issuer: issuer, audience: "hivekeep", jwksURL: jwksURL, clientID: clientID, rolesClaim: "groups",
            roleValues: [.viewer: ["readers"], .operator: ["ops"], .admin: ["hive-admins"]], leeway: 30)
    }

    func verifier(_ settings: OIDCSettings? = nil, logger: Logger = Logger(label: "test")) -> JWTVerifier {
        JWTVerifier(settings: settings ?? self.settings(), httpClient: .shared, logger: logger)
    }

    /// Claims this issuer's tokens carry unless a test changes them: valid for ten minutes.
    func claims(_ changes: [String: (any Sendable)?] = [:]) -> [String: any Sendable] {
        let now = Int(Date().timeIntervalSince1970)
        var claims: [String: any Sendable] = [
            "iss": issuer, "sub": "alice", "aud": ["hivekeep", "other"], "iat": now, "exp": now + 600,
            "groups": ["ops", "readers"],
        ]
        for (name, value) in changes { claims[name] = value }
        return claims
    }

    /// A token signed by the key `kid`; `attack` forges one instead (`none`, `hs256-pem`, `hs256-n`, `tamper`).
    func mint(kid: String, claims: [String: any Sendable]? = nil, attack: String? = nil, withKid: Bool = true)
        async throws -> String
    {
        var request: [String: Any] = ["kid": kid, "claims": claims ?? self.claims(), "with_kid": withKid]
        if let attack { request["attack"] = attack }
        return try await post("/mint", request)
    }

    /// Publishes the key `kid` (made at start, not yet in the key set).
    func publish(kid: String) async throws { _ = try await post("/publish", ["kid": kid]) }

    /// Makes the discovery document name `issuer`.
    func setDiscoveryIssuer(_ issuer: String) async throws {
        _ = try await post("/config", ["discovery_issuer": issuer])
    }

    /// How many times the discovery document and the key set were requested.
    func requestCounts() async throws -> (discovery: Int, jwks: Int) {
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: issuer + "/stats"), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 16)
        let counts = try JSONDecoder().decode([String: Int].self, from: Data(body.readableBytesView))
        return (counts["discovery"] ?? -1, counts["jwks"] ?? -1)
    }

    private func post(_ path: String, _ object: [String: Any]) async throws -> String {
        var request = HTTPClientRequest(url: issuer + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object)))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
        guard response.status == .ok else { throw TestSupportError("issuer \(path): \(response.status) \(body)") }
        return body
    }

    func stop() {
        process.kill()
        directory.remove()
    }
}
