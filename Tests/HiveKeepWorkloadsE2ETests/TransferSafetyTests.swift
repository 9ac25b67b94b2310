import Foundation
import HiveKeepTestSupport
import Testing

/// What export and import refuse, and what an import keeps, through a real `hivekeep serve`: registry-marked secret
/// values, a registry that cannot be read, an import whose start fails, the port preference, the query flags,
/// signing without a writable provider or for another user of the socket, and a ToolHive-form export.
@Suite("export and import safety end to end", .serialized, .timeLimit(.minutes(10)))
struct TransferSafetyTests {
    static let value = "registry-PLAIN-secret-9931"

    /// A registry file whose one entry, `env-test`, runs `script` and marks `ACCESS_CODE` secret.
    static func registry(_ harness: WorkloadHarness, script: String) throws -> String {
        let entry: [String: Any] = [
            "description": "Reports its environment (HiveKeep tests).", "tier": "Community", "status": "Active",
            "transport": "stdio", "tools": ["read_env", "env_names", "pid", "echo"], "image": "exec://\(script)",
            "env_vars": [["name": "ACCESS_CODE", "description": "The key.", "required": true, "secret": true]],
        ]
        let document: [String: Any] = [
            "version": "1.0.0", "last_updated": "2026-11-29T00:00:00Z", "servers": ["env-test": entry],
        ]
        let path = harness.directory.child("registry.json")
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A plain RunConfig that runs `script` on stdio, changed by `change`.
    static func config(_ script: String, _ change: [String: Any] = [:]) throws -> String {
        let base: [String: Any] = [
            "schema_version": "v0.1.0", "name": "imported", "image": "exec://\(script)", "transport": "stdio",
            "host": "127.0.0.1", "port": 0,
        ]
        return try Envelope.text(base.merging(change) { _, new in new })
    }

    @Test("a registry-marked secret in clear: export 409 and import 400 name the variable; no registry: 503")
    func registryMarkedSecrets() async throws {
        try await TransferSupport.run(environment: ["HIVEKEEP_SECRETS_PASSWORD": "transfer-test-vault-pw"]) {
            harness, transfer in
            try await harness.startServer()
            let script = try harness.envServerScript()
            // Created while nothing marks ACCESS_CODE secret (the built-in registry has no entry for this command,
            // and the name does not look like a credential), so its value is stored as a plain variable.
            _ = try harness.json(
                "POST", "/api/v1beta/workloads",
                #"{"name":"early","image":"exec://\#(script)","env_vars":{"ACCESS_CODE":"\#(Self.value)"}}"#)
            #expect(try harness.api("GET", "/api/v1beta/workloads/early/export").status == 200)

            let registry = try Self.registry(harness, script: script)
            let body = #"{"local_path":"\#(registry)"}"#
            #expect(try harness.api("PUT", "/api/v1beta/registry/default", body).status == 200)
            let export = try harness.api("GET", "/api/v1beta/workloads/early/export")
            #expect(export.status == 409)
            #expect(export.body.contains("env_vars.ACCESS_CODE"), "\(export.body)")
            #expect(!export.body.contains(Self.value))

            let plain = try Self.config(script, ["env_vars": ["ACCESS_CODE": Self.value, "REGION": "eu"]])
            let imported = try transfer.importBody(plain, "name=marked&allow_unsigned=true&allow_secrets=true")
            #expect(imported.status == 400)
            #expect(imported.body.contains("env_vars.ACCESS_CODE") && imported.body.contains("registry marks"))
            #expect(!imported.body.contains(Self.value))
            #expect(try !transfer.exists("marked"))

            // The same refusal for the secrets ToolHive keeps inside middleware parameters.
            let middleware: [[String: Any]] = [
                [
                    "type": "auth",
                    "parameters": ["oidc_config": ["Issuer": "https://id.example", "clientSecret": Self.value]],
                ]
            ]
            let inMiddleware = try transfer.importBody(
                try Self.config(script, ["middleware_configs": middleware]), "name=marked&allow_unsigned=true")
            #expect(inMiddleware.status == 400)
            #expect(inMiddleware.body.contains("middleware_configs[0].parameters.oidc_config.ClientSecret"))
            #expect(!inMiddleware.body.contains(Self.value))
            #expect(try !transfer.exists("marked"))

            // Without the registry HiveKeep cannot tell which variables are secret: 503, nothing exported or made.
            try FileManager.default.removeItem(atPath: registry)
            let blind = try harness.api("GET", "/api/v1beta/workloads/early/export")
            #expect(blind.status == 503)
            #expect(blind.body.contains("registry cannot be read"), "\(blind.body)")
            let blindImport = try transfer.importBody(try Self.config(script), "name=blind&allow_unsigned=true")
            #expect(blindImport.status == 503)
            #expect(try !transfer.exists("blind"))
            for response in [export, imported, inMiddleware, blind, blindImport] {
                #expect(!response.body.contains(Self.value))
            }
        }
    }

    @Test("an import whose runner cannot be started is removed again: nothing is left")
    func failedStartLeavesNothing() async throws {
        let missingRunner = "/nonexistent/hivekeep-runner-\(getpid())"
        try await TransferSupport.run(environment: ["HIVEKEEP_RUNNER_PATH": missingRunner]) { harness, transfer in
            try await harness.startServer()
            let script = try harness.envServerScript()
            let response = try transfer.importBody(try Self.config(script), "name=doomed&allow_unsigned=true")
            #expect(response.status >= 400, "\(response.body)")
            #expect(try !transfer.exists("doomed"))
            #expect(try harness.api("GET", "/api/v1beta/workloads/doomed/status").status == 404)
            let statusFile = harness.directory.child("data/hivekeep/statuses/doomed.json")
            #expect(!FileManager.default.fileExists(atPath: statusFile))
            let listed = try harness.json("GET", "/api/v1beta/workloads?all=true")["workloads"] as? [[String: Any]]
            #expect(listed?.isEmpty == true)
        }
    }

    @Test("an import that asks for a sandbox is a clear 400 where bubblewrap cannot be found, as create is")
    func sandboxWithoutBubblewrap() async throws {
        try await TransferSupport.run(environment: ["PATH": PythonTools.binDirectory]) { harness, transfer in
            try await harness.startServer()
            let boxed = try Self.config("/bin/true", ["isolate_network": true])
            let response = try transfer.importBody(boxed, "name=boxed&allow_unsigned=true")
            #expect(response.status == 400)
            #expect(response.body.contains("bubblewrap (bwrap) is not installed"), "\(response.body)")
            #expect(try !transfer.exists("boxed"))
        }
    }

    @Test("a free port is kept; flags are true or false; dsse: 409 without a writable provider, 403 for other users")
    func portFlagsAndSigningRefusals() async throws {
        try await TransferSupport.run { harness, transfer in
            try await harness.startServer()
            try await transfer.startSocketServer()
            let script = try harness.envServerScript()

            let wanted = try RawHTTP.freePort()
            let kept = try transfer.importBody(
                try Self.config(script, ["port": wanted]), "name=kept&allow_unsigned=true")
            #expect(kept.status == 201, "\(kept.body)")
            #expect(try Envelope.parse(kept.body)["port"] as? Int == wanted)
            let running = try await harness.waitFor("kept", "running")
            #expect(running["url"] as? String == "http://127.0.0.1:\(wanted)/mcp")
            let reply = try await harness.mcpClient(
                "http://127.0.0.1:\(wanted)/mcp", "streamable", ["call", "echo", #"{"text":"kept"}"#])
            #expect(reply["content"] as? [String] == ["kept"])

            for query in ["allow_secrets=yes", "allow_unsigned=1", "allow_unsigned=true&allow_secrets=TRUE"] {
                let refused = try transfer.importBody(try Self.config(script), "name=flagged&" + query)
                #expect(refused.status == 400, "\(query)")
                #expect(refused.body.contains("must be true or false"), "\(query): \(refused.body)")
                #expect(try !transfer.exists("flagged"), "\(query)")
            }

            // No secrets provider is set up: the signing key has nowhere to live.
            let unsigned = try transfer.socketAPI("GET", "/api/v1beta/workloads/kept/export?format=dsse")
            #expect(unsigned.status == 409)
            #expect(unsigned.body.contains("cannot sign") && unsigned.body.contains("no secrets provider"))
            // The environment provider is read-only: the same.
            #expect(try harness.api("POST", "/api/v1beta/secrets", #"{"provider_type":"environment"}"#).status == 201)
            let readOnly = try transfer.socketAPI("GET", "/api/v1beta/workloads/kept/export?format=dsse")
            #expect(readOnly.status == 409)
            #expect(readOnly.body.contains("cannot sign") && readOnly.body.contains("read-only"))

            // Another user who can reach the socket (its group can, at 0660) is not the local admin: without a
            // credential it gets 401 for everything, signatures included. As root, make the socket reachable for
            // nobody and ask as nobody. The same user's requests were answered above without a token.
            guard getuid() == 0 else { return }
            chmod(harness.directory.path, 0o755)
            chmod(transfer.socketPath, 0o666)
            let nobody = ["--reuid=65534", "--regid=65534", "--clear-groups"]
            let asNobody =
                nobody + [
                    "/usr/bin/curl", "-s", "-o", "-", "-w", "\n%{http_code}", "--unix-socket", transfer.socketPath,
                ]
            let base = "http://localhost/api/v1beta/workloads/kept/export"
            // curl's 000 below would otherwise be a file-system refusal: every directory above must be traversable.
            let reachable = try await transfer.run(
                "/usr/bin/setpriv", nobody + ["/usr/bin/test", "-w", transfer.socketPath])
            #expect(reachable.status == 0, "nobody cannot reach \(transfer.socketPath): a directory above is closed")
            let plain = try await transfer.run("/usr/bin/setpriv", asNobody + [base])
            #expect(plain.output.hasSuffix("\n401"), "\(plain.output) \(plain.error)")
            let signed = try await transfer.run("/usr/bin/setpriv", asNobody + [base + "?format=dsse"])
            #expect(signed.output.hasSuffix("\n401"), "\(signed.output) \(signed.error)")
            #expect(!signed.output.contains("signatures"))
            // With the API token (read by curl from a header file, never on its command line) nobody is a TCP-like
            // client holding the admin credential: the plain export is answered.
            let headerFile = harness.directory.child("token-header")
            let token = try #require(harness.directory.apiTokenHeader()["Authorization"])
            try Data("Authorization: \(token)\n".utf8).write(to: URL(fileURLWithPath: headerFile))
            chmod(headerFile, 0o644)
            let withToken = try await transfer.run("/usr/bin/setpriv", asNobody + ["-H", "@" + headerFile, base])
            #expect(withToken.output.hasSuffix("\n200"), "\(withToken.output) \(withToken.error)")
        }
    }

    @Test("a ToolHive-form export (legacy PascalCase remote_auth_config, nanosecond timeout) imports and runs")
    func toolHiveFormImports() async throws {
        try await TransferSupport.run { harness, transfer in
            try await harness.startServer()
            let upstreamPort = try await harness.runEnvServer(named: "upstream", proxyAuth: "none")

            // What ToolHive writes for a remote workload: its keys, `remote_auth_config` in the legacy form that
            // has Go field names, `Timeout` in nanoseconds, the zero token expiry, `oidc_config` with Go names.
            func toolhive(_ oauth: String) -> String {
                """
                {"schema_version":"v0.1.0","image":"","remote_url":"http://127.0.0.1:\(upstreamPort)/mcp",
                 "remote_auth_config":{\(oauth)"ClientSecret":"","SkipBrowser":true,"Timeout":300000000000,
                   "CachedTokenExpiry":"0001-01-01T00:00:00Z"},
                 "name":"th-remote","container_name":"th-remote","base_name":"th-remote",
                 "transport":"streamable-http","host":"127.0.0.1","port":0,
                 "permission_profile":null,"env_vars":{},"container_labels":{"toolhive":"true"},
                 "oidc_config":{"Issuer":"","Audience":"","JWKSURL":"","ClientID":"","ClientSecret":""},
                 "group":"default","proxy_mode":"streamable-http","secrets":[],"middleware_configs":[
                   {"type":"auth","parameters":{"oidc_config":null}},{"type":"mcp-parser","parameters":{}},
                   {"type":"recovery","parameters":{}}]}
                """
            }
            // An OAuth sign-in is acted on, never stored and ignored: the runner looks for the issuer's metadata
            // (the upstream has none) and says why it cannot sign in.
            let withOAuth = try transfer.importBody(
                toolhive(
                    #""ClientID":"hivekeep-test","Scopes":["openid"],"CallbackPort":8666,"UsePKCE":true,"#
                        + #""Issuer":"http://127.0.0.1:\#(upstreamPort)","#), "allow_unsigned=true")
            #expect(withOAuth.status == 201, "\(withOAuth.body)")
            let failing = try await harness.waitFor("th-remote", "error")
            #expect((failing["status_context"] as? String)?.contains("sign-in") == true, "\(failing)")
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/th-remote").status == 202)
            try await harness.waitUntilDeleted("th-remote")

            let created = try transfer.importBody(toolhive(#""ClientID":"","#), "allow_unsigned=true")
            #expect(created.status == 201, "\(created.body)")
            let port = try #require(try Envelope.parse(created.body)["port"] as? Int)
            try await harness.waitFor("th-remote", "running")
            let reply = try await harness.mcpClient(
                "http://127.0.0.1:\(port)/mcp", "streamable", ["call", "echo", #"{"text":"through toolhive form"}"#])
            #expect(reply["content"] as? [String] == ["through toolhive form"])

            let exported = try harness.json("GET", "/api/v1beta/workloads/th-remote/export")
            let auth = try #require(exported["remote_auth_config"] as? [String: Any])
            #expect(auth["timeout"] as? Int == 300_000_000_000)
            #expect(auth["cached_token_expiry"] as? String == "0001-01-01T00:00:00Z")
            #expect(auth["ClientID"] == nil)
            #expect((exported["middleware_configs"] as? [[String: Any]])?.count == 3)
        }
    }
}
