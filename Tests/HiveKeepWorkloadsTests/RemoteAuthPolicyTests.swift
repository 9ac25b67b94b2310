import Foundation
import HiveKeepCore
import HiveKeepOAuth
import Testing

@testable import HiveKeepWorkloads

/// What the builder does with `proxy_auth`, `headers`, `oauth_config` and `oidc`: act on it or refuse it.
@Suite("workload builder: proxy and upstream authentication settings")
struct RemoteAuthPolicyTests {
    func build(_ edit: (inout WorkloadRequest) -> Void) throws -> RunConfig {
        var request = WorkloadRequest(name: "w", url: "http://127.0.0.1:9/mcp")
        edit(&request)
        return try WorkloadBuilder(request: request, name: "w", entry: nil, currentPort: nil, reservedPorts: [])
            .build().config
    }

    func message(_ edit: (inout WorkloadRequest) -> Void) -> String? {
        do {
            _ = try build(edit)
            return nil
        } catch let error as HiveKeepError {
            #expect(error.code == .invalidArgument)
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test("proxy_auth: absent and token keep the default, none is stored, anything else is a 400")
    func proxyAuth() throws {
        #expect(try build { _ in }.proxyAuth == nil)
        #expect(try build { $0.proxyAuth = "token" }.proxyAuth == nil)
        #expect(try build { $0.proxyAuth = "none" }.proxyAuth == "none")
        #expect(message { $0.proxyAuth = "off" } == "invalid proxy_auth: off (use token or none)")
        #expect(throws: HiveKeepError.self) { try WorkloadBuilder.proxyAuth("none", host: "192.0.2.1") }
    }

    @Test("headers: plain values are moved into the secrets store as references; bearer_token last")
    func headers() throws {
        let config = try build {
            $0.headers = .array([
                .object(["name": .string("X-Plain"), "value": .string("v1")]),
                .object(["name": .string("X-Default"), "default": .string("v2")]),
                .object(["name": .string("X-Key"), "value": .object(["name": .string("key"), "target": .string("k")])]),
            ])
            $0.oauthConfig = .object(["bearer_token": .object(["name": .string("tok"), "target": .string("t")])])
        }
        let credentials = try UpstreamCredentials(config: config)
        #expect(credentials.headers.map(\.name) == ["X-Plain", "X-Default", "X-Key", "Authorization"])
        #expect(credentials.headers[0].value == .secret(SecretReference(name: "w-header-x-plain", target: "X-Plain")))
        #expect(
            credentials.headers[1].value == .secret(SecretReference(name: "w-header-x-default", target: "X-Default")))
        #expect(credentials.headers[2].value == .secret(SecretReference(name: "key", target: "k")))
        #expect(credentials.headers[3].value == .bearer(SecretReference(name: "tok", target: "t")))
        #expect(
            credentials.secretReferences.map(\.handover) == [
                "HIVEKEEP_UPSTREAM_HEADER_0", "HIVEKEEP_UPSTREAM_HEADER_1", "HIVEKEEP_UPSTREAM_HEADER_2",
                "HIVEKEEP_UPSTREAM_HEADER_3",
            ])
        let stored = String(decoding: try JSONEncoder().encode(config), as: UTF8.self)
        #expect(stored.contains("tok,target=t"))
        // The plain values are nowhere in the run configuration.
        #expect(!stored.contains("v1") && !stored.contains("v2"))
    }

    @Test(
        "settings HiveKeep cannot enforce are refused with a 400 that names them",
        arguments: [
            (
                "oauth_config.token_url must be https (http only to a loopback address)",
                #"{"oauth_config":{"authorize_url":"https://a/x","token_url":"http://example.com/t"}}"#
            ),
            (
                "oauth_config.authorize_url and oauth_config.token_url come together",
                #"{"oauth_config":{"authorize_url":"https://a/x"}}"#
            ),
            (
                "oauth_config.client_secret needs oauth_config.client_id",
                #"{"oauth_config":{"client_secret":{"name":"s","target":"s"}}}"#
            ),
            (
                "oauth_config.bearer_token and oauth_config.issuer exclude each other",
                #"{"oauth_config":{"issuer":"https://i","bearer_token":{"name":"t","target":"t"}}}"#
            ),
            ("oauth_config.scopes: each scope", #"{"oauth_config":{"issuer":"https://i","scopes":["a b"]}}"#),
            (
                "oauth_config.oauth_params.state is set by the sign-in flow itself",
                #"{"oauth_config":{"issuer":"https://i","oauth_params":{"state":"x"}}}"#
            ),
            (
                "oauth_config.grant_type client_credentials needs client_id and client_secret",
                #"{"oauth_config":{"issuer":"https://i","grant_type":"client_credentials"}}"#
            ),
            ("oauth_config.grant_type must be", #"{"oauth_config":{"issuer":"https://i","grant_type":"password"}}"#),
            (
                "oauth_config.client_secret_file is not supported yet",
                #"{"oauth_config":{"client_secret_file":"/etc/s"}}"#
            ),
            ("oauth_config.callback_port must be within", #"{"oauth_config":{"callback_port":80}}"#),
            ("headers entry X-K is secret", #"{"headers":[{"name":"X-K","secret":true,"value":"v"}]}"#),
            ("each headers entry needs a name", #"{"headers":[{"name":"bad name","value":"v"}]}"#),
            ("headers entry X-K needs a value", #"{"headers":[{"name":"X-K"}]}"#),
            ("oidc.introspection_url is not supported yet", #"{"oidc":{"introspection_url":"https://i"}}"#),
            ("oidc.client_secret is not supported yet", #"{"oidc":{"client_secret":"s"}}"#),
            ("oidc needs an issuer", #"{"oidc":{"audience":"a"}}"#),
        ])
    func refused(expected: String, fields: String) throws {
        let extra = try JSONDecoder().decode(WorkloadRequest.self, from: Data(fields.utf8))
        let text = message {
            $0.oauthConfig = extra.oauthConfig
            $0.headers = extra.headers
            $0.oidc = extra.oidc
        }
        #expect(text?.contains(expected) == true, "\(text ?? "built")")
    }

    @Test("oauth_config sign-in settings are stored for the runner (PKCE always on); the client secret as a reference")
    func signInSettings() throws {
        let config = try build {
            $0.oauthConfig = .object([
                "issuer": .string("https://id.example"), "client_id": .string("c"),
                "client_secret": .object(["name": .string("cs"), "target": .string("cs")]),
                "scopes": .array([.string("read"), .string("write")]), "callback_port": .int(8666),
                "oauth_params": .object(["prompt": .string("consent")]), "use_pkce": .bool(false),
                "resource": .string("https://mcp.example/mcp"), "grant_type": .string("client_credentials"),
            ])
        }
        let oauth = try #require(try UpstreamOAuth(config: config))
        #expect(oauth.settings.issuer?.absoluteString == "https://id.example")
        #expect(oauth.settings.clientID == "c")
        #expect(oauth.settings.clientSecret == nil)
        #expect(oauth.clientSecret == SecretReference(name: "cs", target: "cs"))
        #expect(oauth.settings.scopes == ["read", "write"])
        #expect(oauth.settings.callbackPort == 8666)
        #expect(oauth.settings.extraParameters == ["prompt": "consent"])
        #expect(oauth.settings.usePKCE)
        #expect(oauth.settings.resourceIndicator == "https://mcp.example/mcp")
        #expect(oauth.settings.resource.absoluteString == "http://127.0.0.1:9/mcp")
        #expect(oauth.settings.clientCredentials)
        // The API form comes back as given (the secret as its reference).
        let back = try #require(RemoteAuthMapping.request(from: config.remoteAuthConfig)?.objectValue)
        #expect(back["grant_type"] == .string("client_credentials"))
        #expect(back["oauth_params"] == .object(["prompt": .string("consent")]))
        #expect(back["client_secret"] == .object(["name": .string("cs"), "target": .string("cs")]))
        // A static token alone is no sign-in.
        let bearer = try build {
            $0.oauthConfig = .object(["bearer_token": .object(["name": .string("t"), "target": .string("t")])])
        }
        #expect(try UpstreamOAuth(config: bearer) == nil)
    }

    @Test("oauth_config and headers on a local workload are a 400; empty ones (as ToolHive clients send) are fine")
    func localWorkload() throws {
        func local(_ edit: (inout WorkloadRequest) -> Void) throws -> RunConfig {
            var request = WorkloadRequest(name: "w", image: "exec:///bin/sh")
            edit(&request)
            return try WorkloadBuilder(request: request, name: "w", entry: nil, currentPort: nil, reservedPorts: [])
                .build().config
        }
        #expect(throws: HiveKeepError.self) { try local { $0.headers = .array([.object(["name": .string("X")])]) } }
        _ = try local {
            $0.headers = .array([])
            $0.oauthConfig = .object(["use_pkce": .bool(false), "scopes": .array([])])
            $0.oidc = .object(["issuer": .string(""), "audience": .string("")])
        }
    }
}
