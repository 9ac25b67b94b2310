import Foundation

/// The container engine the tests use: `podman system service` started by `scripts/container-engine.sh start`
/// (the test command does), with the images of `scripts/container-images.sh`.
public enum TestContainerEngine {
    /// A stdio MCP server: mcp-server-time on Debian 12's python3.
    public static let timeImage = "localhost/hivekeep-test/time:1"
    /// An MCP server speaking streamable HTTP on port 8080 at `/mcp` (tools `echo` and `env`).
    public static let httpImage = "localhost/hivekeep-test/http:1"
    /// busybox alone: `sh`, `cat`, `nc`, `httpd`, `touch` (`busybox APPLET` for the rest).
    public static let busyboxImage = "localhost/hivekeep-test/busybox:1"

    /// The engine's socket: `HIVEKEEP_TEST_DOCKER_HOST` (`unix://PATH`), else the address the start script wrote
    /// under `.cache/containers/`; nil (see ``unavailableReason``) when neither names an existing socket.
    public static var socketPath: String? {
        var address = ProcessInfo.processInfo.environment["HIVEKEEP_TEST_DOCKER_HOST"] ?? ""
        if address.isEmpty {
            address =
                (try? String(contentsOfFile: repository + "/.cache/containers/engine.address", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        }
        guard address.hasPrefix("unix://") else { return nil }
        let path = String(address.dropFirst("unix://".count))
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Whether an engine socket is there; when not, prints why the tests that need it are skipped.
    public static var isAvailable: Bool {
        if socketPath != nil { return true }
        print("container tests skipped: \(unavailableReason)")
        return false
    }

    public static let unavailableReason =
        "no container engine: HIVEKEEP_TEST_DOCKER_HOST is unset and scripts/container-engine.sh has not started one "
        + "(run `bash scripts/container-images.sh && export HIVEKEEP_TEST_DOCKER_HOST=$(scripts/container-engine.sh start)`)"

    static var repository: String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // HiveKeepTestSupport
            .deletingLastPathComponent()  // Support
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent().path
    }
}
