import Foundation
import HiveKeepCore
import HiveKeepRuntime

/// Pipes and environments for the runtime tests.
enum RuntimeTestSupport {
    /// The test process's environment: the parent every spawned child inherits from (through the allowlist).
    static var parentEnvironment: [String: String] { ProcessInfo.processInfo.environment }

    /// An environment for test children: allowlisted parent variables, `variables`, and the test command's process
    /// marker (so that its cleanup finds a leftover child).
    static func environment(
        _ variables: [String: String] = [:], secrets: SecretEnvironment = SecretEnvironment()
    ) throws -> ChildEnvironment {
        var variables = variables
        if let mark = parentEnvironment["HIVEKEEP_TEST_RUN"] { variables["HIVEKEEP_TEST_RUN"] = mark }
        return try ChildEnvironment(parent: parentEnvironment, variables: variables, secrets: secrets)
    }

    /// Spawns `command` in the sandbox `policy` describes, with `environment` moved inside it (and its network
    /// connected through pasta when the policy names pasta).
    static func spawnSandboxed(
        _ command: PreparedCommand, policy: SandboxPolicy, environment: ChildEnvironment, options: SpawnOptions
    ) async throws -> SpawnedChild {
        let bubblewrap = try Sandbox.locateBubblewrap(environment: parentEnvironment)
        let (wrapped, outer) = try Sandbox.wrap(
            command, environment: environment, policy: policy, bubblewrap: bubblewrap)
        defer { for fd in wrapped.inheritedDescriptors.values { close(fd) } }
        var options = options
        options.inheritedDescriptors.merge(wrapped.inheritedDescriptors) { $1 }
        let child = try SpawnedChild.spawn(wrapped, environment: outer, options: options)
        if let pasta = policy.pasta, !policy.isolateNetwork {
            try await SandboxNetwork.connect(sandboxOf: child.pid, pasta: pasta, forwarding: nil)
        }
        return child
    }

    /// `/bin/sh -c script`.
    static func shell(_ script: String) -> PreparedCommand {
        PreparedCommand(executable: "/bin/sh", arguments: ["-c", script])
    }

    /// Everything readable from `fd` until end of file; closes `fd`.
    static func readToEnd(_ fd: Int32?) async throws -> String {
        guard let fd else { return "" }
        return try await Blocking.run {
            defer { close(fd) }
            var data = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                data += buffer[..<count]
            }
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// One line from `fd` (without the newline), reading a byte at a time so nothing after it is consumed.
    static func readLine(_ fd: Int32?) async throws -> String {
        guard let fd else { return "" }
        return try await Blocking.run {
            var line = [UInt8]()
            var byte: UInt8 = 0
            while true {
                let count = read(fd, &byte, 1)
                if count < 0 && errno == EINTR { continue }
                guard count == 1, byte != UInt8(ascii: "\n") else { break }
                line.append(byte)
            }
            return String(decoding: line, as: UTF8.self)
        }
    }

    /// Writes all of `text` to `fd`.
    static func write(_ text: String, to fd: Int32?) {
        guard let fd else { return }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    /// The NUL-separated entries of /proc/PID/FILE (cmdline or environ).
    static func procEntries(_ pid: pid_t, _ file: String) -> [String] {
        let data = FileManager.default.contents(atPath: "/proc/\(pid)/\(file)") ?? Data()
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }
}
