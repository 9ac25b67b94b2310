import Foundation
import HiveKeepCore
import Testing

@testable import HiveKeepRegistry

@Suite("MCP Registry API conversion")
struct UpstreamConverterTests {
    func items(_ json: String) throws -> [UpstreamServerList.Item] {
        try JSONDecoder().decode(UpstreamServerList.self, from: Data(json.utf8)).servers
    }

    @Test("of several versions of one name, the one marked latest is kept")
    func latestVersionWins() throws {
        let list = try items(
            """
            {"servers": [
              {"server": {"name": "a/x", "version": "1", "remotes": [{"type": "sse", "url": "https://old.example/sse"}]},
               "_meta": {"io.modelcontextprotocol.registry/official": {"isLatest": false}}},
              {"server": {"name": "a/x", "version": "2", "remotes": [{"type": "sse", "url": "https://new.example/sse"}]},
               "_meta": {"io.modelcontextprotocol.registry/official": {"isLatest": true}}}
            ]}
            """)
        let document = RegistryAPIClient.document(from: list)
        #expect(document.remoteServers["a/x"]?.url == "https://new.example/sse")
        #expect(document.remoteServers["a/x"]?.transport == "sse")
    }

    @Test("a cursor is percent-encoded into the page URL and a trailing slash of the base is dropped")
    func listURL() {
        #expect(
            RegistryAPIClient.listURL("https://r.example/", cursor: "a.b/c:1.0")
                == "https://r.example/v0.1/servers?limit=100&version=latest&cursor=a.b%2Fc%3A1.0")
        #expect(
            RegistryAPIClient.listURL("https://r.example", cursor: nil).hasSuffix(
                "/v0.1/servers?limit=100&version=latest"))
    }

    @Test("an image with its own tag or digest keeps it; one without gets the package version")
    func imageTags() {
        #expect(UpstreamConverter.image("ghcr.io/a/b", version: "1.2") == "ghcr.io/a/b:1.2")
        #expect(UpstreamConverter.image("localhost:5000/a/b", version: "1.2") == "localhost:5000/a/b:1.2")
        #expect(UpstreamConverter.image("ghcr.io/a/b:3", version: "1.2") == "ghcr.io/a/b:3")
        #expect(UpstreamConverter.image("ghcr.io/a/b@sha256:00", version: "1.2") == "ghcr.io/a/b@sha256:00")
    }
}
