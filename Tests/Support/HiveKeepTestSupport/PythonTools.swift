import Foundation

/// The PyPI tools the test command installs into `.cache/venv` (`scripts/setup.sh --python`): the reference MCP
/// client (`python`), `mcp-server-time` and `uv`/`uvx`.
public enum PythonTools {
    /// The venv's `bin` directory: `HIVEKEEP_TEST_VENV` when the test command sets it, otherwise the repository's
    /// `.cache/venv`, found from this source file's location.
    public static var binDirectory: String {
        if let venv = ProcessInfo.processInfo.environment["HIVEKEEP_TEST_VENV"], !venv.isEmpty {
            return venv + "/bin"
        }
        let repository = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // HiveKeepTestSupport
            .deletingLastPathComponent()  // Support
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()
        return repository.path + "/.cache/venv/bin"
    }

    /// The path of `name` in the venv; fails with the set-up command to run when it is missing.
    public static func executable(_ name: String) throws -> String {
        let path = binDirectory + "/" + name
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestSupportError("\(path) is missing; run `bash scripts/setup.sh --python` (the test command does)")
        }
        return path
    }

    /// A uv cache shared by one test run (`HIVEKEEP_TEST_UV_CACHE`, set by the test command), or `fallback`.
    public static func uvCacheDirectory(fallback: String) -> String {
        let shared = ProcessInfo.processInfo.environment["HIVEKEEP_TEST_UV_CACHE"] ?? ""
        return shared.isEmpty ? fallback : shared
    }
}
