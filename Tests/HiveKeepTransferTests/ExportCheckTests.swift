import Foundation
import HiveKeepCore
import HiveKeepRegistry
import HiveKeepWorkloads
import Testing

/// Which fields of a run configuration count as holding a secret value (export answers 409, import 400).
@Suite("Export check")
struct ExportCheckTests {
    static let value = "plain-SECRET-value-7781"

    static func middleware(_ type: String, _ parameters: String) throws -> MiddlewareConfig {
        MiddlewareConfig(type: type, parameters: try JSONDecoder().decode(JSONValue.self, from: Data(parameters.utf8)))
    }

    @Test("a clean configuration, and secrets in reference form everywhere a reference may stand, pass")
    func referencesPass() throws {
        var config = RunConfig()
        config.envVars = ["REGION": "eu-west-1"]
        config.secrets = ["api-token,target=API_TOKEN"]
        var auth = RemoteAuthConfig()
        auth.clientSecret = "oauth-app,target=oauth_secret"
        auth.bearerToken = "token,target=bearer_token"
        config.remoteAuthConfig = auth
        var exchange = TokenExchangeConfig()
        exchange.clientSecret = "exchange,target=client_secret"
        config.tokenExchangeConfig = exchange
        var oidc = OIDCConfig()
        oidc.clientSecret = ""
        config.oidcConfig = oidc
        config.middlewareConfigs = [
            try Self.middleware("auth", #"{"oidc_config":{"Issuer":"https://id.example","ClientSecret":""}}"#),
            try Self.middleware(
                "tokenexchange", #"{"token_exchange_config":{"client_secret":"exchange,target=client_secret"}}"#),
            try Self.middleware("tool-filter", #"{"filter_tools":["echo"]}"#),
            MiddlewareConfig(type: "recovery"),
        ]
        #expect(ExportCheck.secretValueField(in: config, secretVariables: ["API_TOKEN"]) == nil)
    }

    @Test(
        "each secret-bearing field with a value is named (never the value)",
        arguments: [
            "env_vars.API_KEY", "oidc_config.ClientSecret", "remote_auth_config.client_secret",
            "remote_auth_config.bearer_token", "token_exchange_config.client_secret",
            "middleware_configs[1].parameters.oidc_config.ClientSecret",
            "middleware_configs[1].parameters.token_exchange_config.client_secret",
        ])
    func eachFieldIsFound(field: String) throws {
        var config = RunConfig()
        config.envVars = ["REGION": "eu-west-1"]
        config.middlewareConfigs = [try Self.middleware("mcp-parser", "{}")]
        switch field {
        case "env_vars.API_KEY":
            config.envVars["API_KEY"] = Self.value
        case "oidc_config.ClientSecret":
            var oidc = OIDCConfig()
            oidc.clientSecret = Self.value
            config.oidcConfig = oidc
        case "remote_auth_config.client_secret", "remote_auth_config.bearer_token":
            var auth = RemoteAuthConfig()
            if field.hasSuffix("client_secret") {
                auth.clientSecret = Self.value
            } else {
                auth.bearerToken = Self.value
            }
            config.remoteAuthConfig = auth
        case "token_exchange_config.client_secret":
            var exchange = TokenExchangeConfig()
            exchange.clientSecret = Self.value
            config.tokenExchangeConfig = exchange
        case "middleware_configs[1].parameters.oidc_config.ClientSecret":
            config.middlewareConfigs.append(
                try Self.middleware("auth", #"{"oidc_config":{"ClientSecret":"\#(Self.value)"}}"#))
        default:
            config.middlewareConfigs.append(
                try Self.middleware(
                    "tokenexchange", #"{"token_exchange_config":{"client_secret":"\#(Self.value)"}}"#))
        }
        let found = ExportCheck.secretValueField(in: config, secretVariables: ["API_KEY"])
        #expect(found == field)
        #expect(found?.contains(Self.value) != true)
    }

    @Test("middleware parameter keys match in any case, as ToolHive's decoder matches them")
    func middlewareKeysAnyCase() throws {
        let variants = [
            try Self.middleware("auth", #"{"OIDC_Config":{"clientsecret":"\#(Self.value)"}}"#),
            try Self.middleware("auth", #"{"oidc_config":{"ClientSecret":"","CLIENTSECRET":"\#(Self.value)"}}"#),
            try Self.middleware("tokenexchange", #"{"Token_Exchange_Config":{"Client_Secret":"\#(Self.value)"}}"#),
            // A value of another type still carries something: refused rather than passed.
            try Self.middleware("auth", #"{"oidc_config":{"ClientSecret":{"nested":"\#(Self.value)"}}}"#),
        ]
        for middleware in variants {
            var config = RunConfig()
            config.middlewareConfigs = [middleware]
            #expect(ExportCheck.secretValueField(in: config, secretVariables: []) != nil, "\(middleware)")
        }
    }

    @Test("an OIDC client secret is refused even in reference form: ToolHive would read it as the secret itself")
    func oidcHasNoReferenceForm() throws {
        var config = RunConfig()
        config.middlewareConfigs = [
            try Self.middleware("auth", #"{"oidc_config":{"ClientSecret":"name,target=SECRET"}}"#)
        ]
        #expect(
            ExportCheck.secretValueField(in: config, secretVariables: [])
                == "middleware_configs[0].parameters.oidc_config.ClientSecret")
    }

    @Test("registry-marked secret variables come from the entry with the same image or remote URL")
    func registrySecretVariables() throws {
        let document = try JSONDecoder().decode(
            RegistryDocument.self,
            from: Data(
                #"""
                {"version":"1.0.0","last_updated":"2026-01-01T00:00:00Z",
                 "servers":{"one":{"description":"d","tier":"Community","status":"Active","transport":"stdio",
                   "tools":["t"],"image":"uvx://one",
                   "env_vars":[{"name":"ONE_KEY","description":"k","required":true,"secret":true},
                               {"name":"ONE_REGION","description":"r","required":false}]},
                  "two":{"description":"d","tier":"Community","status":"Active","transport":"stdio",
                   "tools":["t"],"image":"uvx://two",
                   "env_vars":[{"name":"TWO_KEY","description":"k","required":true,"secret":true}]}},
                 "remote_servers":{"far":{"description":"d","tier":"Community","status":"Active",
                   "transport":"streamable-http","tools":["t"],"url":"https://far.example/mcp",
                   "env_vars":[{"name":"FAR_TOKEN","description":"k","required":true,"secret":true}]}}}
                """#.utf8))
        var config = RunConfig()
        config.image = "uvx://one"
        #expect(ExportCheck.secretVariables(of: config, in: document) == ["ONE_KEY"])
        config.image = ""
        config.remoteURL = "https://far.example/mcp"
        #expect(ExportCheck.secretVariables(of: config, in: document) == ["FAR_TOKEN"])
        config.remoteURL = nil
        config.image = "exec:///usr/bin/other"
        #expect(ExportCheck.secretVariables(of: config, in: document).isEmpty)
    }

    @Test("the import plan lists a token-exchange client secret in reference form, top level and in middleware")
    func planListsTokenExchangeReferences() throws {
        var config = RunConfig()
        config.remoteURL = "https://mcp.example.com/mcp"
        config.transport = "streamable-http"
        var exchange = TokenExchangeConfig()
        exchange.clientSecret = "exchange-app,target=client_secret"
        config.tokenExchangeConfig = exchange
        config.middlewareConfigs = [
            try Self.middleware(
                "tokenexchange", #"{"token_exchange_config":{"client_secret":"mw-exchange,target=client_secret"}}"#)
        ]
        let plan = ImportPlan(config: config, signerKeyID: nil)
        #expect(plan.secrets.map(\.name) == ["exchange-app", "mw-exchange"])
        #expect(plan.lines.contains("secrets:   exchange-app as client_secret, mw-exchange as client_secret"))
    }
}
