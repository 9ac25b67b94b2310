import Foundation
import HiveKeepTestSupport

/// Checks exported YAML with tools independent of HiveKeep: the operator CRD schemas through Python `jsonschema`
/// (`Fixtures/validate_k8s.py`), and kubectl's own parser where kubectl is installed.
enum ManifestValidation {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Fixtures"

    /// Runs `executable` with `arguments`; returns its exit status and output (stdout and stderr together).
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Writes `yaml` into a fresh directory and validates it against the CRDs; returns the validator's output.
    static func validate(_ yaml: String) throws -> (valid: Bool, output: String) {
        let directory = try TemporaryDirectory(prefix: "hivekeep-k8s")
        defer { directory.remove() }
        let path = directory.child("manifest.yaml")
        try yaml.write(toFile: path, atomically: false, encoding: .utf8)
        let result = try run(try PythonTools.executable("python"), [fixtures + "/validate_k8s.py", path])
        return (result.status == 0, result.output)
    }

    /// The path of kubectl, or nil when it is not installed.
    static var kubectl: String? {
        for directory in ["/usr/local/bin", "/usr/bin", "/bin"]
        where FileManager.default.isExecutableFile(
            atPath: directory + "/kubectl")
        {
            return directory + "/kubectl"
        }
        return nil
    }

    /// Parses `yaml` with kubectl: `apply --dry-run=client --validate=false -f` first; when that cannot run because
    /// no API server answers kubectl's discovery (client dry-run still needs one for custom kinds), `kubectl
    /// kustomize`, which parses every document as a Kubernetes object without a server. nil when kubectl is absent.
    static func kubectlParse(_ yaml: String) throws -> (ok: Bool, how: String, output: String)? {
        guard let kubectl else { return nil }
        let directory = try TemporaryDirectory(prefix: "hivekeep-kubectl")
        defer { directory.remove() }
        try yaml.write(toFile: directory.child("manifest.yaml"), atomically: false, encoding: .utf8)
        let apply = try run(
            kubectl,
            [
                "apply", "--dry-run=client", "--validate=false", "-f", directory.child("manifest.yaml"),
                "--request-timeout=5s",
            ])
        if apply.status == 0 { return (true, "apply --dry-run=client", apply.output) }
        guard apply.output.contains("connection refused") || apply.output.contains("unable to recognize") else {
            return (false, "apply --dry-run=client", apply.output)
        }
        try "resources:\n- manifest.yaml\n".write(
            toFile: directory.child("kustomization.yaml"), atomically: false, encoding: .utf8)
        let kustomize = try run(kubectl, ["kustomize", directory.path])
        return (kustomize.status == 0, "kustomize (no API server for apply --dry-run=client)", kustomize.output)
    }
}
