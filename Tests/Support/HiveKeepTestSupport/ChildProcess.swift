import Foundation

/// A child process started by a test, with its output captured in files (never pipes a leftover child could hold).
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: `process` is only mutated in init; Foundation.Process is thread-safe for the calls used here.
    public let process: Process
    /// Where standard output goes.
    public let outputPath: String
    /// Where standard error goes.
    public let errorPath: String

    /// Starts `executable` with `arguments` and exactly `environment` (nothing inherited).
    public init(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String],
        logDirectory: String,
        name: String = UUID().uuidString,
        standardInput: String? = nil
    ) throws {
        outputPath = "\(logDirectory)/\(name).out"
        errorPath = "\(logDirectory)/\(name).err"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = environment
        // The test command marks every process it starts so that it can stop leftovers; pass the mark on.
        if let mark = ProcessInfo.processInfo.environment["HIVEKEEP_TEST_RUN"] {
            environment["HIVEKEEP_TEST_RUN"] = mark
        }
        process.environment = environment
        if let standardInput {
            let inputPath = "\(logDirectory)/\(name).in"
            _ = FileManager.default.createFile(atPath: inputPath, contents: Data(standardInput.utf8))
            process.standardInput = FileHandle(forReadingAtPath: inputPath)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        try process.run()
    }

    /// Waits for the process to exit, at most `timeout`; kills it and throws if it takes longer.
    @discardableResult
    public func wait(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                kill()
                throw TestSupportError("process \(process.executableURL?.lastPathComponent ?? "?") timed out")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    /// Sends `signal` to the process.
    public func signal(_ signal: Int32) {
        if process.isRunning { Foundation.kill(process.processIdentifier, signal) }
    }

    /// Kills the process with SIGKILL and reaps it.
    public func kill() {
        signal(SIGKILL)
        process.waitUntilExit()
    }

    /// What the process wrote to standard output so far.
    public var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
    /// What the process wrote to standard error so far.
    public var errorOutput: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }
}
