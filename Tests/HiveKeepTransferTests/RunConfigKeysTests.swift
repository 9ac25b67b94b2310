import Foundation
import HiveKeepCore
import HiveKeepWorkloads
import Testing

/// Reading ToolHive's RunConfig JSON the way its Go reader does: struct keys in any case, map keys untouched.
@Suite("RunConfig keys on import")
struct RunConfigKeysTests {
    static func config(_ json: String) throws -> RunConfig {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        let normalized = try JSONEncoder().encode(RunConfigKeys.normalize(value))
        return try JSONDecoder().decode(RunConfig.self, from: normalized)
    }

    @Test("struct keys in any case are read, an exact key wins over a case variant")
    func structKeysAnyCase() throws {
        let config = try Self.config(
            #"""
            {"Schema_Version":"v0.1.0","IMAGE":"uvx://mcp-server-time","Cmd_Args":["--local-timezone","UTC"],
             "name":"exact","NAME":"variant","Transport":"stdio","Port":18080,"Isolate_Network":true,
             "Permission_Profile":{"Read":["/data"],"Network":{"Outbound":{"Insecure_Allow_All":true,
             "Allow_Port":[443]}}},"Tools_Override":{"get_time":{"Name":"now"}},
             "Middleware_Configs":[{"Type":"audit","Parameters":{"Keep":"AsIs"}}]}
            """#)
        #expect(config.image == "uvx://mcp-server-time")
        #expect(config.cmdArgs == ["--local-timezone", "UTC"])
        #expect(config.name == "exact")
        #expect(config.port == 18080)
        #expect(config.isolateNetwork == true)
        #expect(config.permissionProfile?.read == ["/data"])
        #expect(config.permissionProfile?.network?.outbound?.insecureAllowAll == true)
        #expect(config.permissionProfile?.network?.outbound?.allowPort == [443])
        #expect(config.toolsOverride["get_time"]?.name == "now")
        #expect(config.middlewareConfigs.first?.type == "audit")
        #expect(config.middlewareConfigs.first?.parameters == .object(["Keep": .string("AsIs")]))
    }

    @Test("map keys (variables, labels, tool names) keep their case")
    func mapKeysKeepCase() throws {
        let config = try Self.config(
            #"{"image":"exec:///bin/true","env_vars":{"mixed_Case":"1","Image":"x"},"#
                + #""container_labels":{"Owner":"me"},"tools_override":{"Get_Time":{"description":"d"}}}"#)
        #expect(config.envVars == ["mixed_Case": "1", "Image": "x"])
        #expect(config.containerLabels == ["Owner": "me"])
        #expect(config.toolsOverride.keys.sorted() == ["Get_Time"])
    }

    @Test("a legacy PascalCase remote_auth_config is read, and a duration string timeout too")
    func legacyRemoteAuth() throws {
        let config = try Self.config(
            #"""
            {"remote_url":"https://mcp.example.com/mcp","transport":"streamable-http",
             "remote_auth_config":{"ClientID":"app","ClientSecret":"oauth-app,target=oauth_secret",
             "Scopes":["openid"],"Timeout":"5m","UsePKCE":true}}
            """#)
        let auth = try #require(config.remoteAuthConfig)
        #expect(auth.clientID == "app")
        #expect(auth.clientSecret == "oauth-app,target=oauth_secret")
        #expect(auth.scopes == ["openid"])
        #expect(auth.timeoutNanoseconds == 300_000_000_000)
        #expect(auth.usePKCE)
    }
}
