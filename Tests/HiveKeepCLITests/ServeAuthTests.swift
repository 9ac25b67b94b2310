import Foundation
import HiveKeepTestSupport
import Testing

/// `hivekeep serve`'s authentication as a client sees it: a real server, real TLS (a CA made by openssl), curl, and
/// JWTs from an independent issuer (PyJWT, `Tests/HiveKeepAuthTests/Fixtures/issuer.py`).
@Suite("hivekeep serve: who may call", .serialized, .timeLimit(.minutes(3)))
struct ServeAuthTests {
    /// A started server and what a test needs to reach it.
    struct Server {
        let process: ChildProcess
        let port: Int
        let directory: TemporaryDirectory

        func api(_ method: String, _ path: String, headers: [String: String] = [:], body: String = "") throws
            -> RawHTTP.Response
        {
            var all = headers
            if !body.isEmpty { all["Content-Type"] = "application/json" }
            return try RawHTTP.request(method, path, to: .tcp(port: port), headers: all, body: body)
        }

        func stop() {
            process.kill()
        }
    }

    static func start(_ directory: TemporaryDirectory, _ arguments: [String], port: Int? = nil) async throws -> Server {
        let port = try port ?? RawHTTP.freePort()
        let process = try ChildProcess(
            try TestProducts.executable("hivekeep"), ["serve", "--port", "\(port)"] + arguments,
            environment: directory.isolatedEnvironment(extra: ["HIVEKEEP_SECRETS_PASSWORD": "pw-serve-auth"]),
            logDirectory: directory.path, name: "server-\(port)")
        for _ in 0..<500 {
            if RawHTTP.isListening(.tcp(port: port)) {
                return Server(process: process, port: port, directory: directory)
            }
            guard process.isRunning else { throw TestSupportError("server exited: \(process.errorOutput)") }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.kill()
        throw TestSupportError("server did not start: \(process.errorOutput)")
    }

    /// Runs a tool to its end; returns its exit status and standard output.
    static func run(_ directory: TemporaryDirectory, _ tool: String, _ arguments: [String]) async throws
        -> (status: Int32, output: String, error: String)
    {
        let process = try ChildProcess(
            tool, arguments, environment: ["PATH": "/usr/bin:/bin", "HOME": directory.child("home")],
            logDirectory: directory.path)
        let status = try await process.wait(timeout: .seconds(60))
        return (status, process.output, process.errorOutput)
    }

    @Test("the issue's example: without a credential no workload starts, no secret name or log is read")
    func anonymousGetsNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try await Self.start(directory, [])
        defer { server.stop() }
        let shell = #"""
            {"name":"x","image":"exec:///bin/sh","cmd_arguments":["-c","printenv T >&2"],
             "secrets":[{"name":"tok","target":"T"}]}
            """#
        let created = try server.api("POST", "/api/v1beta/workloads", body: shell)
        #expect(created.status == 401)
        #expect(created.headers["www-authenticate"] == #"Bearer realm="hivekeep""#)
        for path in [
            "/api/v1beta/secrets/default/keys", "/api/v1beta/workloads/x/logs", "/api/v1beta/workloads/x/export",
        ] {
            #expect(try server.api("GET", path).status == 401, "\(path)")
        }
        // A browser's no-cors GET carries no Authorization header: refused the same way.
        #expect(
            try server.api("GET", "/api/v1beta/workloads", headers: ["Origin": "http://127.0.0.1:\(server.port)"])
                .status == 401)
        let runconfigs =
            (try? FileManager.default.contentsOfDirectory(atPath: directory.child("state") + "/hivekeep/runconfigs"))
            ?? []
        #expect(runconfigs.filter { !$0.hasPrefix(".") }.isEmpty)
        // The owner's CLI needs no extra step: it prints the token the server created, which then works.
        let cli = try ChildProcess(
            try TestProducts.executable("hivekeep"), ["api-token"], environment: directory.isolatedEnvironment(),
            logDirectory: directory.path, name: "api-token")
        #expect(try await cli.wait() == 0)
        let token = cli.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.count == 64)
        #expect(
            try server.api("GET", "/api/v1beta/workloads", headers: ["Authorization": "Bearer \(token)"]).status == 200)
        // Rotation: the running server refuses the old token from the next request on.
        let rotate = try ChildProcess(
            try TestProducts.executable("hivekeep"), ["api-token", "--rotate"],
            environment: directory.isolatedEnvironment(),
            logDirectory: directory.path, name: "api-token-rotate")
        #expect(try await rotate.wait() == 0)
        let newToken = rotate.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(newToken != token)
        #expect(
            try server.api("GET", "/api/v1beta/workloads", headers: ["Authorization": "Bearer \(token)"]).status == 401)
        #expect(
            try server.api("GET", "/api/v1beta/workloads", headers: ["Authorization": "Bearer \(newToken)"]).status
                == 200)
        // The token never appears in the server's log.
        #expect(!server.process.errorOutput.contains(token) && !server.process.errorOutput.contains(newToken))
    }

    @Test("a wildcard bind needs TLS; over real TLS the token works, Host is checked, plain HTTP gets nothing")
    func remoteOverTLS() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let plain = try ChildProcess(
            try TestProducts.executable("hivekeep"),
            ["serve", "--host", "0.0.0.0", "--port", "\(try RawHTTP.freePort())"],
            environment: directory.isolatedEnvironment(), logDirectory: directory.path, name: "plain")
        #expect(try await plain.wait(timeout: .seconds(20)) != 0)
        #expect(plain.errorOutput.contains("without TLS"))

        // A CA and a server certificate for 127.0.0.1 and localhost, made by openssl.
        let openssl = "/usr/bin/openssl"
        let ca = directory.child("ca.pem")
        let caKey = directory.child("ca.key")
        let cert = directory.child("server.pem")
        let key = directory.child("server.key")
        let csr = directory.child("server.csr")
        let ext = directory.child("server.ext")
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\n".write(toFile: ext, atomically: true, encoding: .utf8)
        for arguments in [
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", caKey,
                "-out", ca,
                "-days", "2", "-subj", "/CN=HiveKeep test CA",
            ],
            [
                "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", csr,
                "-subj", "/CN=127.0.0.1",
            ],
            [
                "x509", "-req", "-in", csr, "-CA", ca, "-CAkey", caKey, "-CAcreateserial", "-out", cert, "-days", "2",
                "-extfile", ext,
            ],
        ] {
            let result = try await Self.run(directory, openssl, arguments)
            #expect(result.status == 0, "openssl \(arguments.first ?? ""): \(result.error)")
        }
        let server = try await Self.start(
            directory,
            ["--host", "0.0.0.0", "--tls-cert", cert, "--tls-key", key, "--allowed-host", "hive.example.org"])
        defer { server.stop() }
        let headerFile = directory.child("auth-header")
        let token = try #require(directory.apiTokenHeader()["Authorization"])
        try "Authorization: \(token)\n".write(toFile: headerFile, atomically: true, encoding: .utf8)
        let url = "https://127.0.0.1:\(server.port)/api/v1beta/version"
        func curl(_ extra: [String], _ target: String = url) async throws -> String {
            let result = try await Self.run(
                directory, "/usr/bin/curl",
                ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", ca] + extra + [target])
            return result.output
        }
        #expect(try await curl(["-H", "@" + headerFile]) == "200")
        #expect(try await curl([]) == "401")
        #expect(try await curl(["-H", "@" + headerFile, "-H", "Host: evil.example"]) == "403")
        #expect(try await curl(["-H", "@" + headerFile, "-H", "Host: hive.example.org"]) == "200")
        // Plain HTTP to the TLS port is not answered with anything HTTP.
        #expect(try await curl([], "http://127.0.0.1:\(server.port)/health") == "000")
    }

    @Test("OIDC: roles come from an independent issuer's JWTs; bad tokens are 401; an operator gets no side door")
    func oidcRoles() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let issuerScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("HiveKeepAuthTests/Fixtures/issuer.py").path
        let issuerProcess = try ChildProcess(
            try PythonTools.executable("python"), [issuerScript], environment: ProcessInfo.processInfo.environment,
            logDirectory: directory.path, name: "issuer")
        defer { issuerProcess.kill() }
        var issuerPort = 0
        for _ in 0..<600 where issuerPort == 0 {
            issuerPort = issuerProcess.output.split(separator: "\n").first.flatMap { Int($0) } ?? 0
            if issuerPort == 0 { try await Task.sleep(for: .milliseconds(50)) }
        }
        try #require(issuerPort != 0, "issuer did not start: \(issuerProcess.errorOutput)")
        let issuer = "http://127.0.0.1:\(issuerPort)"
        func mint(_ groups: [String], subject: String = "alice", expiresIn: Int = 600, attack: String? = nil) throws
            -> String
        {
            let now = Int(Date().timeIntervalSince1970)
            var request: [String: Any] = [
                "kid": "rsa-1",
                "claims": [
                    "iss": issuer, "sub": subject, "aud": "hivekeep", "iat": now, "exp": now + expiresIn,
                    "groups": groups,
                ],
            ]
            if let attack { request["attack"] = attack }
            let body = String(decoding: try JSONSerialization.data(withJSONObject: request), as: UTF8.self)
            let response = try RawHTTP.request(
                "POST", "/mint", to: .tcp(port: issuerPort), headers: ["Content-Type": "application/json"], body: body)
            return response.body
        }
        let server = try await Self.start(
            directory,
            [
                "--auth", "oidc", "--oidc-issuer", issuer, "--oidc-audience", "hivekeep", "--oidc-role",
                "admin=hive-admins",
                "--oidc-role", "operator=ops", "--oidc-role", "viewer=readers",
            ])
        defer { server.stop() }
        func bearer(_ token: String) -> [String: String] { ["Authorization": "Bearer \(token)"] }

        let viewer = try mint(["readers"], subject: "val")
        let op = try mint(["ops"], subject: "otto")
        let admin = try mint(["hive-admins"], subject: "ada")
        #expect(try server.api("GET", "/api/v1beta/workloads", headers: bearer(viewer)).status == 200)
        let refused = try server.api(
            "POST", "/api/v1beta/secrets/default/keys", headers: bearer(viewer), body: #"{"key":"k","value":"v"}"#)
        #expect(refused.status == 403)
        #expect(refused.body.contains("secrets:write"))
        #expect(try server.api("GET", "/api/v1beta/version", headers: bearer(try mint(["strangers"]))).status == 403)
        for bad in [
            try mint(["hive-admins"], expiresIn: -3600), try mint(["hive-admins"], attack: "none"),
            try mint(["hive-admins"], attack: "hs256-pem"), try mint(["hive-admins"], attack: "tamper"),
        ] {
            #expect(try server.api("GET", "/api/v1beta/workloads", headers: bearer(bad)).status == 401)
        }
        // The admin sets up the vault and stores a secret; the audit log names the subject.
        #expect(
            try server.api(
                "POST", "/api/v1beta/secrets", headers: bearer(admin), body: #"{"provider_type":"encrypted"}"#
            ).status == 201)
        #expect(
            try server.api(
                "POST", "/api/v1beta/secrets/default/keys", headers: bearer(admin),
                body: #"{"key":"tok","value":"s3cr3t-value"}"#
            ).status == 201)
        let audit = try String(contentsOfFile: directory.child("state") + "/hivekeep/audit.jsonl", encoding: .utf8)
        #expect(audit.contains("oidc:ada"))
        // The operator cannot start a shell that prints the secret, nor hand it to a registry server.
        let shell = try server.api(
            "POST", "/api/v1beta/workloads", headers: bearer(op),
            body:
                #"{"name":"x","image":"exec:///bin/sh","cmd_arguments":["-c","printenv T >&2"],"secrets":[{"name":"tok","target":"T"}]}"#
        )
        #expect(shell.status == 403)
        #expect(shell.body.contains("workloads:manage-any"))
        let handed = try server.api(
            "POST", "/api/v1beta/workloads", headers: bearer(op),
            body: #"{"name":"y","image":"time","secrets":[{"name":"tok","target":"TZ"}]}"#)
        #expect(handed.status == 403)
        let unsigned = try server.api(
            "POST", "/api/v1beta/workloads/import?allow_unsigned=true&allow_secrets=true", headers: bearer(op),
            body: #"{"name":"z","image":"exec:///bin/sh","secrets":["tok,target=T"]}"#)
        #expect(unsigned.status == 403)
        // The API token is still admin in OIDC mode.
        #expect(
            try server.api("GET", "/api/v1beta/secrets/default/keys", headers: directory.apiTokenHeader()).status == 200
        )
        #expect(!server.process.errorOutput.contains("s3cr3t-value"))
    }
}
