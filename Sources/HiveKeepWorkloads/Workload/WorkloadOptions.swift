import HiveKeepRuntime

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How the workload service starts and stops runners.
public struct WorkloadOptions: Sendable {
    /// The `hivekeep` executable whose `proxy-runner` command runs each workload. A server uses its own binary;
    /// tests pass the built product, never the test runner.
    public var runnerExecutable: String
    /// How long a runner may take to stop after SIGTERM before it is killed.
    public var stopTimeout: Duration
    /// The container engine for image workloads.
    public var containerEngine: ContainerEngineSource

    public init(
        runnerExecutable: String, stopTimeout: Duration = .seconds(10),
        containerEngine: ContainerEngineSource = .standard(environment: [:])
    ) {
        self.runnerExecutable = runnerExecutable
        self.stopTimeout = stopTimeout
        self.containerEngine = containerEngine
    }

    /// The running executable (`/proc/self/exe`), overridden by `HIVEKEEP_RUNNER_PATH`. A runner gets 5 s more than
    /// its server's stop grace (`HIVEKEEP_STOP_GRACE`) to end the server itself before it is killed.
    public static func standard(environment: [String: String]) -> WorkloadOptions {
        let stopTimeout = StopGrace.from(environment) + .seconds(5)
        let engine = ContainerEngineSource.standard(environment: environment)
        if let path = environment["HIVEKEEP_RUNNER_PATH"], path.hasPrefix("/") {
            return WorkloadOptions(runnerExecutable: path, stopTimeout: stopTimeout, containerEngine: engine)
        }
        let executable = SelfExecutable.path() ?? CommandLine.arguments[0]
        return WorkloadOptions(runnerExecutable: executable, stopTimeout: stopTimeout, containerEngine: engine)
    }
}

/// The path of the running executable, from `/proc/self/exe`.
enum SelfExecutable {
    static func path() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
