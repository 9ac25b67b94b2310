import Foundation

/// A fresh directory under the test run's temporary directory, removed by `remove()`.
public struct TemporaryDirectory: Sendable {
    /// The directory's absolute path.
    public let path: String

    /// Where temporary directories are made: `HIVEKEEP_TEST_TMP` (scripts/test.sh sets one per run, and its final
    /// sweep stops every process whose environment or working directory refers to it), else `TMPDIR`, else /tmp.
    public static var base: String {
        let environment = ProcessInfo.processInfo.environment
        for name in ["HIVEKEEP_TEST_TMP", "TMPDIR"] {
            if let value = environment[name], !value.isEmpty { return value }
        }
        return "/tmp"
    }

    /// Creates a new, empty directory whose name starts with `prefix`.
    public init(prefix: String = "hivekeep-test") throws {
        let base = Self.base
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        let template = "\(base)/\(prefix).XXXXXX"
        var bytes = Array(template.utf8CString)
        guard let result = mkdtemp(&bytes) else {
            throw CocoaError(.fileWriteUnknown)
        }
        self.path = String(cString: result)
    }

    /// A path inside the directory.
    public func child(_ name: String) -> String { "\(path)/\(name)" }

    /// Removes the directory and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// An environment whose HOME and XDG directories all point inside this directory.
    public func isolatedEnvironment(extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "HOME": child("home"),
            "XDG_CONFIG_HOME": child("config"),
            "XDG_DATA_HOME": child("data"),
            "XDG_STATE_HOME": child("state"),
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "LANG": "C.UTF-8",
        ]
        environment.merge(extra) { _, new in new }
        return environment
    }
}

extension TemporaryDirectory {
    /// The `Authorization` header with the API token of the installation in this directory (the file the server
    /// creates at its first start: `$XDG_STATE_HOME/hivekeep/api-token`); empty when there is none yet.
    public func apiTokenHeader() -> [String: String] {
        guard let data = FileManager.default.contents(atPath: child("state") + "/hivekeep/api-token") else {
            return [:]
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return token.isEmpty ? [:] : ["Authorization": "Bearer \(token)"]
    }
}
