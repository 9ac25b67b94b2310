import Foundation
import Testing

/// What a finished child process left behind.
struct ChildResult {
    var status: Int32
    var stdout: String
    var stderr: String

    /// The stdout lines, without empty ones.
    var lines: [String] {
        stdout.split(separator: "\n").map(String.init)
    }
}

/// Runs child processes for the tests that need a scrubbed environment or a separate D-Bus session.
///
/// Output goes to temporary files, not pipes: a daemon the child leaves behind could hold a pipe open forever.
enum ChildProcess {
    /// The package root, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The directory holding the running test binary and the package's other products.
    static func productsDirectory() throws -> URL {
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        return URL(fileURLWithPath: executable).deletingLastPathComponent()
    }

    /// The built `hivekeep-test-helper`, next to the test binary.
    static func testHelper() throws -> String {
        let path = try productsDirectory().appendingPathComponent("hivekeep-test-helper").path
        try #require(
            FileManager.default.isExecutableFile(atPath: path),
            "hivekeep-test-helper is not built next to the tests (\(path)); `swift test` builds it")
        return path
    }

    /// The full path of a program on PATH.
    static func which(_ program: String) throws -> String {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        let found = directories.map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        return try #require(found, "\(program) is not installed (see ENVIRONMENT.md, system packages)")
    }

    /// This process's environment without any session bus or display, to start children from.
    static func scrubbedEnvironment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY", "GNOME_KEYRING_CONTROL"] {
            environment[name] = nil
        }
        return environment
    }

    /// A new empty directory under the temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("hivekeep-keyring-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `executable` to completion; kills it and records a failure if it outlives `limit`.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], stdin: String? = nil,
        limit: Duration = .seconds(90)
    ) async throws -> ChildResult {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let inURL = directory.appendingPathComponent("stdin")
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        try Data((stdin ?? "").utf8).write(to: inURL)
        let child = try SpawnedProcess(
            executable, arguments, environment: environment,
            stdin: inURL.path, stdout: outURL.path, stderr: errURL.path)
        let status = try await child.wait(limit: limit)
        if status == nil {
            Issue.record("\(executable) \(arguments) did not finish within \(limit); killed")
        }
        return ChildResult(
            status: status ?? -1,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}
