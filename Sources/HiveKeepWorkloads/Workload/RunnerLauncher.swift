import HiveKeepCore
import HiveKeepRuntime
import HiveKeepSecrets
import HiveKeepStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Spawns a workload's detached `hivekeep proxy-runner NAME`.
///
/// The runner leads a session of its own (so neither a terminal hang-up nor the death of the API server reaches
/// it), writes to the workload's proxy log, and inherits only descriptor 3 (named by `--secrets-fd`): the read end
/// of a pipe over which its secrets arrive (``SecretsHandover``). Its environment is the caller's minus every variable that carries a secret
/// (the environment provider's `*_SECRET_*` variables and the vault password variables).
struct RunnerLauncher {
    /// The descriptor number the runner reads its secrets from.
    static let secretsDescriptor: Int32 = 3

    let options: WorkloadOptions
    let files: WorkloadPaths
    let environment: EnvironmentValues

    /// Starts the runner of `workload` and hands it `secrets`; returns the runner's pid. The handover write blocks
    /// until the runner has read what the pipe cannot buffer, so it runs off the concurrency pool.
    func launch(workload: String, secrets: SecretEnvironment) async throws -> Int32 {
        try FileSystem.createDirectory(files.logsDirectory, mode: 0o700)
        let pipe = try SecretsHandover.makePipe()
        defer { close(pipe.writer) }
        let child: SpawnedChild
        do {
            defer { close(pipe.reader) }
            let spawnOptions = SpawnOptions(
                standardInput: .null,
                standardOutput: .file(path: files.proxyLog(workload), append: true),
                standardError: .file(path: files.proxyLog(workload), append: true),
                inheritedDescriptors: [Self.secretsDescriptor: pipe.reader],
                newSession: true)
            let allowAll = EnvironmentAllowlist(names: Set(runnerEnvironment.keys), prefixes: [])
            child = try SpawnedChild.spawn(
                PreparedCommand(
                    executable: options.runnerExecutable,
                    arguments: ["proxy-runner", "--secrets-fd", String(Self.secretsDescriptor), workload]),
                environment: try ChildEnvironment(parent: [:], allowlist: allowAll, variables: runnerEnvironment),
                options: spawnOptions)
        }
        let writer = pipe.writer
        try await Blocking.run { try SecretsHandover.write(secrets, to: writer) }
        return child.pid
    }

    /// The caller's environment without the variables that carry secrets.
    var runnerEnvironment: [String: String] {
        let scrubbed = Set(VaultPasswordSource.variablesToScrub(from: environment.values))
        return environment.values.filter { name, _ in
            !scrubbed.contains(name) && !EnvironmentProvider.prefixes.contains { name.hasPrefix($0) }
        }
    }
}
