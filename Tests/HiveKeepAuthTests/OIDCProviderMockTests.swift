import AsyncHTTPClient
import Foundation
import HiveKeepAuth
import HiveKeepTestSupport
import Logging
import Testing

/// One whole flow against a real OpenID provider from PyPI (`oidc-provider-mock`, built on authlib): discovery, its
/// key set, and an ID token it issued after a login, verified by `JWTVerifier`.
@Suite struct OIDCProviderMockTests {
    @Test func aTokenIssuedByTheProviderIsVerifiedThroughDiscovery() async throws {
        let directory = try TemporaryDirectory(prefix: "hivekeep-oidc-mock")
        defer { directory.remove() }
        let process = try ChildProcess(
            try PythonTools.executable("python"), [TestIssuer.fixture("oidc_mock.py")],
            environment: ProcessInfo.processInfo.environment, logDirectory: directory.path, name: "oidc-mock")
        defer { process.kill() }
        let port = try await TestIssuer.readPort(process)
        let deadline = ContinuousClock.now + .seconds(30)
        while process.output.split(separator: "\n").count < 2 {
            guard ContinuousClock.now < deadline, process.isRunning else {
                throw TestSupportError("oidc-provider-mock issued no token: \(process.errorOutput)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let token = String(process.output.split(separator: "\n")[1])
        let settings = OIDCSettings(
            issuer: "http://127.0.0.1:\(port)", audience: "hivekeep", clientID: "hivekeep",
            roleValues: [.admin: ["hive-admins"]])
        try JWTVerifier.validate(settings)
        let verifier = JWTVerifier(settings: settings, httpClient: .shared, logger: Logger(label: "test"))
        let verified = try await verifier.verify(token).get()
        #expect(verified.subject == "alice")
        #expect(verified.role == .admin)

        // The same provider's token is refused by a verifier that expects another audience or issuer.
        var otherAudience = settings
        otherAudience.audience = "someone-else"
        let strict = JWTVerifier(settings: otherAudience, httpClient: .shared, logger: Logger(label: "test"))
        #expect(await strict.verify(token) == .failure(.invalid))
    }
}
