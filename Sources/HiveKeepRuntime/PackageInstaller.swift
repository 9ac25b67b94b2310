import Foundation
import HiveKeepCore
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Installs `uvx://` and `npx://` packages into HiveKeep's data directory before a workload starts (and before its
/// sandbox does: the installed server then runs offline), and tells how to run them.
///
/// Each `package@version` gets its own directory under `toolsDirectory` (`uv/NAME@VERSION`, `npm/NAME@VERSION`;
/// `latest` without a version), installed once and reused: a package without a version is not upgraded until its
/// directory is removed. Installs of the same package are serialised with `flock`, across processes too.
public struct PackageInstaller: Sendable {
    /// The root of the installed packages.
    public let toolsDirectory: String
    let uvExecutable: String?
    let npmExecutable: String?
    let environment: [String: String]
    let logger: Logger
    /// bwrap's path: installs run sandboxed (network shared, only the install directory writable); nil runs them
    /// unconfined (tests of the install logic only).
    let bubblewrap: String?
    /// pasta's path: a sandboxed install gets its network through it (``SandboxNetwork``) rather than the host's
    /// network namespace.
    let pasta: String?
    /// npm runs package install scripts (`preinstall`, `postinstall`...) only when this is true.
    let allowInstallScripts: Bool

    /// Creates an installer.
    /// - Parameters:
    ///   - uvExecutable: `uv`'s path; nil looks it up on `environment["PATH"]` when needed.
    ///   - npmExecutable: `npm`'s path; nil looks it up on `environment["PATH"]` when needed.
    ///   - environment: the environment the installers run with, filtered by ``EnvironmentAllowlist/standard``
    ///     (PATH, HOME, the uv/npm index, cache and proxy variables).
    ///   - bubblewrap: bwrap's path, to run the installer in a sandbox (``installPolicy(for:installer:)``).
    ///   - pasta: pasta's path, to give that sandbox a network namespace of its own (else it shares the host's).
    ///   - allowInstallScripts: let npm run the package's install scripts (off: `--ignore-scripts`).
    public init(
        toolsDirectory: String, uvExecutable: String?, npmExecutable: String? = nil, environment: [String: String],
        logger: Logger, bubblewrap: String? = nil, pasta: String? = nil, allowInstallScripts: Bool = false
    ) {
        self.toolsDirectory = toolsDirectory
        self.uvExecutable = uvExecutable
        self.npmExecutable = npmExecutable
        self.environment = environment
        self.logger = logger
        self.bubblewrap = bubblewrap
        self.pasta = pasta
        self.allowInstallScripts = allowInstallScripts
    }

    /// Installs `command`'s package if it is not installed yet, and returns the absolute path and fixed leading
    /// arguments to run it (`exec://` commands are returned as they are). `progress` receives one-line updates,
    /// including the installer's own output with credentials in URLs masked (``Redaction/credentials(_:)``: an index
    /// URL with a token must not reach a log or a status).
    /// - Throws: `HiveKeepError`: `.unavailable` when uv or npm is missing or the install fails.
    public func prepare(
        _ command: WorkloadCommand, progress: @Sendable (String) -> Void = { _ in }
    ) async throws -> PreparedCommand {
        switch command {
        case .exec(let path):
            return PreparedCommand(executable: path)
        case .uvx, .npx:
            let directory = installDirectory(for: command)
            let lock = try await InstallLock.acquire(directory + ".lock")
            defer { lock.release() }
            if let executable = installedExecutable(in: directory) {
                progress("using the installed \(command.image)")
                return PreparedCommand(executable: executable)
            }
            try await install(command, into: directory, progress: progress)
            let executable = try resolveExecutable(for: command, in: directory)
            try markInstalled(directory: directory, executable: executable)
            logger.info(
                "installed package",
                metadata: ["package.image": "\(command.image)", "package.executable": "\(executable)"])
            return PreparedCommand(executable: executable)
        }
    }

    /// The directory one package version is installed into.
    public func installDirectory(for command: WorkloadCommand) -> String {
        switch command {
        case .uvx(let package, let version):
            "\(toolsDirectory)/uv/\(package.lowercased())@\(version ?? "latest")"
        case .npx(let package, let version):
            "\(toolsDirectory)/npm/\(package.replacingOccurrences(of: "/", with: "+"))@\(version ?? "latest")"
        case .exec(let path):
            path
        }
    }

    /// The command that installs `command`'s package (`uv tool install`, `npm install --prefix DIR`, with
    /// `--ignore-scripts` unless install scripts are allowed), or nil for exec. uv gets its directories from the environment: `UV_TOOL_DIR=DIR/tools`, `UV_TOOL_BIN_DIR=DIR/bin`.
    /// - Throws: `HiveKeepError` (`.unavailable`) when the installer program is not found.
    public func installCommand(for command: WorkloadCommand) throws -> PreparedCommand? {
        let directory = installDirectory(for: command)
        switch command {
        case .uvx(let package, let version):
            let uv = try locate("uv", explicit: uvExecutable, purpose: "uvx:// workloads")
            let spec = version.map { "\(package)@\($0)" } ?? package
            return PreparedCommand(executable: uv, arguments: ["tool", "install", "--no-progress", spec])
        case .npx(let package, let version):
            let npm = try locate("npm", explicit: npmExecutable, purpose: "npx:// workloads")
            let arguments =
                ["install", "--prefix", directory, "--no-audit", "--no-fund", "--omit=dev", "--no-save"]
                + (allowInstallScripts ? [] : ["--ignore-scripts"]) + ["\(package)@\(version ?? "latest")"]
            return PreparedCommand(executable: npm, arguments: arguments)
        case .exec:
            return nil
        }
    }

    /// The path of `program`: `explicit`, else the first match on PATH.
    func locate(_ program: String, explicit: String?, purpose: String) throws -> String {
        let candidates =
            explicit.map { [$0] }
            ?? (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map { "\($0)/\(program)" }
        if let found = candidates.first(where: { access($0, X_OK) == 0 }) { return found }
        throw HiveKeepError(
            .unavailable, "\(program) is needed for \(purpose) but was not found\(explicit.map { " at \($0)" } ?? "")")
    }
}
