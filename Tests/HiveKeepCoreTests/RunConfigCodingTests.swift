import Foundation
import HiveKeepCore
import Testing

/// RunConfig JSON as ToolHive's Go code writes and reads it.
@Suite struct RunConfigCodingTests {
    static let toolHiveExport = #"""
        {"schema_version":"v0.1.0","image":"uvx://mcp-server-time","name":"clock","transport":"stdio",
         "host":"127.0.0.1","port":12345,"permission_profile":null,"secrets":["token,target=TOKEN"],
         "oidc_config":{"Issuer":"https://issuer.example","JWKSURL":"https://issuer.example/jwks","clientid":"app",
                        "AllowPrivateIP":true,"Scopes":["openid"]},
         "remote_auth_config":{"client_id":"app","timeout":300000000000,"use_pkce":true,
                               "cached_token_expiry":"0001-01-01T00:00:00Z"},
         "an_unknown_key":{"kept":"out"}}
        """#

    @Test("a ToolHive export is read: PascalCase OIDC keys in any case, integer-nanosecond timeout, unknown keys")
    func readsToolHiveForm() throws {
        let config = try JSONDecoder().decode(RunConfig.self, from: Data(Self.toolHiveExport.utf8))
        #expect(config.name == "clock" && config.port == 12345)
        #expect(config.oidcConfig?.issuer == "https://issuer.example")
        #expect(config.oidcConfig?.jwksURL == "https://issuer.example/jwks")
        #expect(config.oidcConfig?.clientID == "app")
        #expect(config.oidcConfig?.allowPrivateIP == true)
        #expect(config.remoteAuthConfig?.timeoutNanoseconds == 300_000_000_000)
        #expect(config.secrets == ["token,target=TOKEN"])
    }

    @Test("HiveKeep writes the keys ToolHive's code writes: PascalCase OIDC, nanoseconds, always-present fields")
    func writesToolHiveForm() throws {
        var config = RunConfig()
        config.name = "clock"
        config.image = "uvx://mcp-server-time"
        var oidc = OIDCConfig()
        oidc.issuer = "https://issuer.example"
        config.oidcConfig = oidc
        var auth = RemoteAuthConfig()
        auth.timeoutNanoseconds = 5_000_000_000
        config.remoteAuthConfig = auth
        let json = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(config)) as? [String: Any])
        for key in ["schema_version", "image", "name", "transport", "host", "port", "permission_profile"] {
            #expect(json.keys.contains(key), "\(key) is always written")
        }
        #expect(json["env_vars"] == nil && json["volumes"] == nil, "empty collections are left out")
        let writtenOIDC = try #require(json["oidc_config"] as? [String: Any])
        #expect(writtenOIDC["Issuer"] as? String == "https://issuer.example")
        #expect(writtenOIDC["issuer"] == nil)
        let writtenAuth = try #require(json["remote_auth_config"] as? [String: Any])
        #expect(writtenAuth["timeout"] as? Int == 5_000_000_000)
        #expect(writtenAuth["use_pkce"] as? Bool == false)
    }

    @Test("a secret reference is name,target=VARIABLE; anything else is refused with what is expected")
    func secretReferences() throws {
        let reference = try SecretReference(parsing: "github-token,target=GITHUB_TOKEN")
        #expect(reference.name == "github-token" && reference.target == "GITHUB_TOKEN")
        #expect(reference.stored == "github-token,target=GITHUB_TOKEN")
        for bad in ["", "no-target", ",target=X", "name,target=", "name,tgt=X"] {
            #expect(throws: HiveKeepError.self, "\(bad)") { try SecretReference(parsing: bad) }
        }
    }
}
