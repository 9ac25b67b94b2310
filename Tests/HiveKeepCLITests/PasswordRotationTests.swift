import Foundation
import HiveKeepTestSupport
import Testing

/// The vault password kept in the keyring, rotated by the CLI while a server holds the old key.
@Suite("vault password rotation", .serialized, .timeLimit(.minutes(3)))
struct PasswordRotationTests {
    @Test("after the CLI rotates the password, the running server's next write uses the new key")
    func serverFollowsRotation() async throws {
        let bus = try #require(
            ProcessInfo.processInfo.environment["DBUS_SESSION_BUS_ADDRESS"],
            "run the tests inside the keyring session: dbus-run-session -- sh scripts/keyring-session.sh swift test"
        )
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let environment = directory.isolatedEnvironment(extra: ["DBUS_SESSION_BUS_ADDRESS": bus])
        let hivekeep = try TestProducts.executable("hivekeep")
        let port = try RawHTTP.freePort()
        let server = try ChildProcess(
            hivekeep, ["serve", "--port", "\(port)"], environment: environment, logDirectory: directory.path,
            name: "server")
        defer { server.kill() }
        for _ in 0..<300 where !RawHTTP.isListening(.tcp(port: port)) { try await Task.sleep(for: .milliseconds(20)) }

        func post(_ path: String, _ body: String) throws -> Int {
            try RawHTTP.request(
                "POST", path, to: .tcp(port: port),
                headers: directory.apiTokenHeader().merging(["Content-Type": "application/json"]) { $1 }, body: body
            )
            .status
        }
        #expect(try post("/api/v1beta/secrets", #"{"provider_type": "encrypted", "password": "old-password"}"#) == 201)
        #expect(try post("/api/v1beta/secrets/default/keys", #"{"key": "before", "value": "1"}"#) == 201)

        let rotate = try ChildProcess(
            hivekeep, ["secret", "rotate-password", "--password-stdin"], environment: environment,
            logDirectory: directory.path, name: "rotate", standardInput: "new-password\n")
        #expect(try await rotate.wait(timeout: .seconds(60)) == 0, "\(rotate.errorOutput)")

        #expect(try post("/api/v1beta/secrets/default/keys", #"{"key": "after", "value": "2"}"#) == 201)

        for (password, expected) in [("new-password", "after\nbefore\n"), ("old-password", nil)] {
            var withPassword = environment
            withPassword["HIVEKEEP_SECRETS_PASSWORD"] = password
            let list = try ChildProcess(
                hivekeep, ["secret", "list"], environment: withPassword, logDirectory: directory.path,
                name: "list-\(password)")
            let status = try await list.wait(timeout: .seconds(60))
            if let expected {
                #expect(status == 0)
                #expect(list.output == expected)
            } else {
                #expect(status != 0)
                #expect(list.errorOutput.contains("wrong vault password"))
            }
        }
    }
}
