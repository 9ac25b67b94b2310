import HiveKeepCore
import HiveKeepRuntime
import Testing

@Suite struct WorkloadCommandTests {
    @Test("uvx, npx and exec images parse into package, version and path")
    func goodForms() throws {
        #expect(try WorkloadCommand(image: "uvx://mcp-server-time") == .uvx(package: "mcp-server-time", version: nil))
        #expect(
            try WorkloadCommand(image: "uvx://mcp_server.x@1.2.3") == .uvx(package: "mcp_server.x", version: "1.2.3"))
        #expect(try WorkloadCommand(image: "npx://pkg@latest") == .npx(package: "pkg", version: "latest"))
        #expect(
            try WorkloadCommand(image: "npx://@scope/server@2.0.0-beta.1")
                == .npx(package: "@scope/server", version: "2.0.0-beta.1"))
        #expect(try WorkloadCommand(image: "npx://@scope/server") == .npx(package: "@scope/server", version: nil))
        #expect(
            try WorkloadCommand(image: "exec:///usr/local/bin/my-server") == .exec(path: "/usr/local/bin/my-server"))
    }

    @Test("registry names and container images are not commands")
    func notCommands() throws {
        for image in ["fetch", "ghcr.io/org/server:1.0", "docker.io/library/busybox", "uvx:/x", "https://x"] {
            #expect(try WorkloadCommand(image: image) == nil, "\(image)")
        }
    }

    @Test("malformed uvx, npx and exec images are rejected as invalid arguments")
    func badForms() {
        let bad = [
            "uvx://", "uvx://@1.0", "uvx://pkg@", "uvx://pkg@1.0 ; rm -rf /", "uvx://pkg@>=1.0", "uvx://-pkg",
            "uvx://pkg name", "uvx://pkg/sub", "npx://", "npx://@scope", "npx://UpperCase", "npx://pkg@1 2",
            "npx://@scope/pkg@", "exec://relative/path", "exec://", "exec:///usr/bin/../bin/sh", "exec:///usr/bin/",
            "exec:////double",
        ]
        for image in bad {
            let error = #expect(throws: HiveKeepError.self, "\(image)") { _ = try WorkloadCommand(image: image) }
            #expect(error?.code == .invalidArgument, "\(image)")
        }
    }

    @Test("the canonical image string round-trips")
    func roundTrip() throws {
        for image in ["uvx://a@1", "npx://@s/p@2", "exec:///bin/true", "uvx://b"] {
            #expect(try WorkloadCommand(image: image)?.image == image)
        }
    }
}
