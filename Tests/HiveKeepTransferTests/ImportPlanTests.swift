import HiveKeepCore
import HiveKeepWorkloads
import Testing

/// What an import shows before it runs.
@Suite("Import plans")
struct ImportPlanTests {
    @Test("the plan names the command, mounts, network and every referenced secret")
    func planShowsWhatItAsksFor() {
        var config = RunConfig()
        config.name = "files"
        config.image = "uvx://mcp-server-filesystem"
        config.cmdArgs = ["/srv/data"]
        config.port = 18500
        config.permissionProfile = PermissionProfile(read: ["/srv/data"], write: ["/srv/out"])
        config.volumes = ["/srv/cache:ro"]
        config.isolateNetwork = true
        config.secrets = ["api-token,target=API_TOKEN"]
        let plan = ImportPlan(config: config, signerKeyID: "abc123")
        #expect(plan.readPaths == ["/srv/data", "/srv/cache"])
        #expect(plan.writePaths == ["/srv/out"])
        #expect(plan.secrets == [SecretReference(name: "api-token", target: "API_TOKEN")])
        let text = plan.lines.joined(separator: "\n")
        #expect(text.contains("runs:      uvx://mcp-server-filesystem /srv/data"))
        #expect(text.contains("without network access"))
        #expect(text.contains("api-token as API_TOKEN"))
        #expect(text.contains("signed by: abc123"))
    }

    @Test("a remote workload's OAuth secret and bearer token references count as secrets")
    func remoteSecrets() {
        var config = RunConfig()
        config.remoteURL = "https://mcp.example.com/mcp"
        config.transport = "streamable-http"
        var auth = RemoteAuthConfig()
        auth.clientSecret = "oauth-app,target=oauth_secret"
        auth.bearerToken = "token,target=bearer_token"
        config.remoteAuthConfig = auth
        let plan = ImportPlan(config: config, signerKeyID: nil)
        #expect(plan.secrets.map(\.name) == ["oauth-app", "token"])
        #expect(plan.network.contains("https://mcp.example.com/mcp"))
        #expect(plan.lines.last == "signed by: nobody (unsigned)")
    }
}
