import Foundation
import HTTPTypes
import HiveKeepAuth
import HiveKeepCore
import HiveKeepTestSupport
import HiveKeepWorkloads
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HiveKeepServer

/// A seam for role tests: fixed bearer tokens that stand for OIDC principals with a given role. (The real JWT
/// verifier is tested against an independent issuer in HiveKeepAuthTests and end to end.)
struct FixedTokens: TokenVerifier {
    static let subjects: [String: Role?] = [
        "viewer.jwt.x": .viewer, "operator.jwt.x": .operator, "admin.jwt.x": .admin, "nobody.jwt.x": nil,
    ]

    func verify(_ token: String) async -> Result<VerifiedToken, AuthFailure> {
        if token == "expired.jwt.x" { return .failure(.expired) }
        guard let role = Self.subjects[token] else { return .failure(.invalid) }
        let subject = String(token.prefix { $0 != "." })
        return .success(VerifiedToken(subject: subject, roleClaimValues: [], role: role))
    }
}

@Suite("Authentication and roles")
struct AuthTests {
    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    func withApp(
        mode: AuthMode = .oidc, _ body: @Sendable (TestApp, any TestClientProtocol) async throws -> Void
    ) async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try test.apiToken.ensure()
        let authenticator = APIAuthenticator(mode: mode, apiToken: test.apiToken, verifier: FixedTokens())
        try await test.application(authenticator: authenticator).test(.router) { client in
            try await body(test, client)
        }
    }

    @Test("every operation of the document but /health and /api/openapi.json answers 401 without a credential")
    func everyOperationNeedsCredential() async throws {
        let document = try OpenAPIDocument.embedded()
        #expect(document.operations.count >= 42)
        try await withApp { _, client in
            for operation in document.operations {
                let method = try #require(HTTPRequest.Method(operation.method))
                let uri = RoutingTests.concrete(operation.path)
                // A body that would be a 400 and a path that would be a 404: neither is looked at first.
                let body = ByteBuffer(string: "{not json")
                try await client.execute(uri: uri, method: method, body: body) { response in
                    if AuthMiddleware.openPaths.contains(operation.path) {
                        #expect(response.status != .unauthorized, "\(operation.method) \(operation.path)")
                    } else {
                        #expect(response.status == .unauthorized, "\(operation.method) \(operation.path)")
                        #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="hivekeep""#)
                        #expect(response.body.text.contains("missing"))
                    }
                }
            }
        }
    }

    @Test("unknown paths and wrong methods are 401 too: nothing says whether a path exists")
    func noExistenceLeak() async throws {
        try await withApp { _, client in
            for (uri, method) in [
                ("/api/v1beta/nothing-here", HTTPRequest.Method.get), ("/api/v1beta/workloads", .put),
                ("/api/v1beta/workloads/no-such/logs", .get), ("/metrics", .get), ("/", .get),
            ] {
                try await client.execute(uri: uri, method: method) { response in
                    #expect(response.status == .unauthorized, "\(method) \(uri)")
                }
            }
        }
    }

    @Test("a wrong, malformed or expired credential is 401 saying only which")
    func badCredentials() async throws {
        try await withApp { test, client in
            let token = try #require(try test.apiToken.read())
            let cases: [(String, String)] = [
                ("Bearer \(token.dropLast())x", "invalid"), ("Bearer " + token + "0", "invalid"),
                ("Basic \(token)", "invalid"), ("Bearer", "invalid"), ("Bearer expired.jwt.x", "expired"),
                ("Bearer unknown.jwt.x", "invalid"),
            ]
            for (header, word) in cases {
                try await client.execute(
                    uri: "/api/v1beta/workloads", method: .get, headers: [.authorization: header]
                ) { response in
                    #expect(response.status == .unauthorized, "\(header.prefix(12))")
                    #expect(response.body.text == "authentication \(word): send Authorization: Bearer TOKEN\n")
                    #expect(response.headers[.wwwAuthenticate]?.contains(#"error="invalid_token""#) == true)
                    #expect(!response.body.text.contains(token))
                }
            }
        }
    }

    @Test("the API token is admin; after a rotation the old one is refused at once")
    func tokenAndRotation() async throws {
        try await withApp(mode: .token) { test, client in
            let old = try #require(try test.apiToken.read())
            try await client.execute(uri: "/api/v1beta/workloads", method: .get, headers: Self.bearer(old)) {
                #expect($0.status == .ok)
            }
            let new = try test.apiToken.rotate()
            #expect(new != old)
            try await client.execute(uri: "/api/v1beta/workloads", method: .get, headers: Self.bearer(old)) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1beta/workloads", method: .get, headers: Self.bearer(new)) {
                #expect($0.status == .ok)
            }
            // In token mode a JWT-shaped token is not even tried.
            try await client.execute(uri: "/api/v1beta/workloads", method: .get, headers: Self.bearer("admin.jwt.x")) {
                #expect($0.status == .unauthorized)
            }
        }
    }

    @Test("a principal with no mapped role gets 403 everywhere")
    func noRoleIsForbidden() async throws {
        try await withApp { _, client in
            for uri in ["/api/v1beta/version", "/api/v1beta/workloads", "/api/v1beta/secrets/default/keys"] {
                try await client.execute(uri: uri, method: .get, headers: Self.bearer("nobody.jwt.x")) { response in
                    #expect(response.status == .forbidden)
                    #expect(response.body.text.contains("no HiveKeep role"))
                }
            }
        }
    }

    @Test("a viewer reads metadata and is refused every change, with the permission named")
    func viewer() async throws {
        try await withApp { _, client in
            let viewer = Self.bearer("viewer.jwt.x")
            for uri in [
                "/api/v1beta/workloads", "/api/v1beta/groups", "/api/v1beta/registry", "/api/v1beta/clients",
                "/api/v1beta/version",
            ] {
                try await client.execute(uri: uri, method: .get, headers: viewer) {
                    #expect($0.status == .ok, "\(uri)")
                }
            }
            let refused: [(String, HTTPRequest.Method, String, String)] = [
                ("/api/v1beta/secrets/default/keys", .post, #"{"key":"k","value":"v"}"#, "secrets:write"),
                ("/api/v1beta/secrets", .post, #"{"provider_type":"encrypted"}"#, "secrets:write"),
                ("/api/v1beta/groups", .post, #"{"name":"g"}"#, "groups:write"),
                ("/api/v1beta/workloads", .post, #"{"name":"w","image":"time"}"#, "workloads:manage"),
                ("/api/v1beta/workloads/w/logs", .get, "", "workloads:manage"),
                ("/api/v1beta/workloads/w/export", .get, "", "workloads:export"),
                ("/api/v1beta/clients/register", .post, #"{"names":["cursor"]}"#, "clients:write"),
            ]
            for (uri, method, body, permission) in refused {
                try await client.execute(uri: uri, method: method, headers: viewer, body: ByteBuffer(string: body)) {
                    #expect($0.status == .forbidden, "\(method) \(uri)")
                    #expect($0.body.text.contains("permission \(permission)"), "\($0.body.text)")
                }
            }
        }
    }
}

@Suite("Roles: no side door to a secret")
struct SideDoorTests {
    static let operatorToken = AuthTests.bearer("operator.jwt.x")
    static let adminToken = AuthTests.bearer("admin.jwt.x")

    /// Saves a workload directly (no runner is started): `exec:///bin/sh` that would print a secret.
    static func saveWorkload(_ test: TestApp, name: String, image: String, secrets: [String] = []) throws {
        var config = RunConfig()
        config.name = name
        config.image = image
        config.secrets = secrets
        config.port = 0
        config.group = "default"
        try RunConfigStore(paths: test.paths).save(config)
        try StatusStore(paths: test.paths).update(name) { _ in StatusRecord(status: .stopped, port: 0) }
    }

    func withApp(_ body: @Sendable (TestApp, any TestClientProtocol) async throws -> Void) async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try test.apiToken.ensure()
        let authenticator = APIAuthenticator(mode: .oidc, apiToken: test.apiToken, verifier: FixedTokens())
        try await test.application(authenticator: authenticator).test(.router) { client in
            try await body(test, client)
        }
    }

    @Test("an operator cannot choose the command, its arguments, or hand it a stored secret")
    func operatorCreateRefusals() async throws {
        try await withApp { _, client in
            let refused: [(String, String)] = [
                (
                    #"{"name":"x","image":"exec:///bin/sh","cmd_arguments":["-c","printenv T >&2"],"secrets":[{"name":"tok","target":"T"}]}"#,
                    "not a server of the configured registry"
                ),
                (#"{"name":"x","image":"uvx://some-package"}"#, "not a server of the configured registry"),
                (#"{"name":"x","image":"time","cmd_arguments":["--local-timezone","UTC"]}"#, "command arguments"),
                (#"{"name":"x","image":"time","secrets":[{"name":"tok","target":"TZ"}]}"#, "stored secrets"),
                (#"{"name":"x","image":"time","env_vars":{"LD_PRELOAD":"/tmp/x.so"}}"#, "variable LD_PRELOAD"),
                (#"{"name":"x","image":"time","volumes":["/home:/home"]}"#, "volumes"),
                (#"{"name":"x","url":"http://127.0.0.1:9/mcp"}"#, "remote URL"),
                (#"{"name":"x","image":"time","allow_loader_env":true}"#, "allow_loader_env"),
                (#"{"name":"x","image":"time","proxy_auth":"none"}"#, "proxy_auth none"),
                (#"{"name":"x","image":"time","allow_install_scripts":true}"#, "allow_install_scripts"),
            ]
            for (body, reason) in refused {
                try await client.execute(
                    uri: "/api/v1beta/workloads", method: .post, headers: Self.operatorToken,
                    body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .forbidden, "\(body)")
                    #expect(response.body.text.contains("permission workloads:manage-any (role admin)"))
                    #expect(response.body.text.contains(reason), "\(response.body.text)")
                }
            }
            // A registry server as the registry describes it passes the check (and then fails on the unknown group).
            try await client.execute(
                uri: "/api/v1beta/workloads", method: .post, headers: Self.operatorToken,
                body: ByteBuffer(string: #"{"name":"x","image":"time","group":"no-such-group"}"#)
            ) { #expect($0.status == .notFound) }
        }
    }

    @Test(
        "an operator cannot read the logs of, stop, restart, delete, edit or export-sign a workload that is not from the registry"
    )
    func operatorExistingRefusals() async throws {
        try await withApp { test, client in
            try Self.saveWorkload(test, name: "shell", image: "exec:///bin/sh", secrets: ["tok,target=T"])
            try Self.saveWorkload(test, name: "clock", image: "uvx://mcp-server-time")
            let requests: [(String, HTTPRequest.Method, String)] = [
                ("/api/v1beta/workloads/shell/logs", .get, ""),
                ("/api/v1beta/workloads/shell/proxy-logs", .get, ""),
                ("/api/v1beta/workloads/shell/stop", .post, ""),
                ("/api/v1beta/workloads/shell/restart", .post, ""),
                ("/api/v1beta/workloads/shell", .delete, ""),
                ("/api/v1beta/workloads/stop", .post, #"{"names":["clock","shell"]}"#),
                ("/api/v1beta/workloads/shell/edit", .post, #"{"image":"time"}"#),
                ("/api/v1beta/workloads/clock/edit", .post, #"{"image":"exec:///bin/sh"}"#),
            ]
            for (uri, method, body) in requests {
                try await client.execute(
                    uri: uri, method: method, headers: Self.operatorToken, body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .forbidden, "\(method) \(uri)")
                    #expect(response.body.text.contains("workloads:manage-any"), "\(response.body.text)")
                }
            }
            // The registry workload's logs are an operator's; the shell's are an admin's (neither has a log file yet:
            // the authorized answer is 404).
            try await client.execute(uri: "/api/v1beta/workloads/clock/logs", method: .get, headers: Self.operatorToken)
            {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/api/v1beta/workloads/shell/logs", method: .get, headers: Self.adminToken) {
                #expect($0.status == .notFound)
            }
            let signed = "/api/v1beta/workloads/clock/export?format=dsse"
            try await client.execute(uri: signed, method: .get, headers: Self.operatorToken) { response in
                #expect(response.status == .forbidden)
                #expect(response.body.text.contains("permission sign (role admin)"))
            }
            for query in ["allow_unsigned=true", "allow_secrets=true"] {
                try await client.execute(
                    uri: "/api/v1beta/workloads/import?\(query)", method: .post, headers: Self.operatorToken,
                    body: ByteBuffer(string: #"{"name":"y","image":"exec:///bin/sh"}"#)
                ) { response in
                    #expect(response.status == .forbidden, "\(query)")
                    #expect(response.body.text.contains("workloads:import-any"))
                }
            }
            // Nothing was stopped, deleted or changed by the refused requests.
            #expect(try RunConfigStore(paths: test.paths).load("shell").image == "exec:///bin/sh")
            #expect(try RunConfigStore(paths: test.paths).load("clock").image == "uvx://mcp-server-time")
            #expect(try StatusStore(paths: test.paths).read("shell")?.status == .stopped)
        }
    }
}
