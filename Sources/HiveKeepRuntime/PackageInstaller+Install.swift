import Foundation
import HiveKeepCore
import Logging

extension PackageInstaller {
    static let marker = "hivekeep-installed"

    /// The executable recorded by a finished install, if it is still there.
    func installedExecutable(in directory: String) -> String? {
        guard let name = try? String(contentsOfFile: "\(directory)/\(Self.marker)", encoding: .utf8),
            !name.isEmpty, FileManager.default.isExecutableFile(atPath: name)
        else { return nil }
        return name
    }

    func markInstalled(directory: String, executable: String) throws {
        do {
            try Data(executable.utf8).write(to: URL(fileURLWithPath: "\(directory)/\(Self.marker)"))
        } catch {
            throw HiveKeepError(.internalError, "cannot record the install in \(directory)", cause: error)
        }
    }

    /// Runs the installer into a fresh `directory` (a half-finished earlier install is removed first).
    func install(_ command: WorkloadCommand, into directory: String, progress: @Sendable (String) -> Void) async throws
    {
        guard let plain = try installCommand(for: command) else { return }
        try? FileManager.default.removeItem(atPath: directory)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw HiveKeepError(.internalError, "cannot create \(directory)", cause: error)
        }
        progress("installing \(command.image)")
        logger.info("installing package", metadata: ["package.image": "\(command.image)"])
        var variables = ["UV_TOOL_DIR": "\(directory)/tools", "UV_TOOL_BIN_DIR": "\(directory)/bin"]
        if let uvPythons = uvPythonDirectory { variables["UV_PYTHON_INSTALL_DIR"] = uvPythons }
        if case .npx = command { variables = ["npm_config_update_notifier": "false"] }
        var environment = try ChildEnvironment(parent: environment, variables: variables)
        var installer = plain
        var policy = installPolicy(for: command, installer: plain)
        policy.pasta = pasta
        if let bubblewrap {
            (installer, environment) = try Sandbox.wrap(
                installer, environment: environment, policy: policy, bubblewrap: bubblewrap)
        }
        defer { for fd in installer.inheritedDescriptors.values { close(fd) } }
        let child = try SpawnedChild.spawn(
            installer, environment: environment,
            options: SpawnOptions(
                standardOutput: .pipe, standardError: .sameAsStandardOutput,
                inheritedDescriptors: installer.inheritedDescriptors, workingDirectory: directory))
        if bubblewrap != nil, let pasta {
            do { try await SandboxNetwork.connect(sandboxOf: child.pid, pasta: pasta, forwarding: nil) } catch {
                _ = await child.terminate(grace: .seconds(1))
                if let reader = child.stdoutReader { close(reader) }
                throw error
            }
        }
        let output = try await ChildOutput.collect(child) { progress(Redaction.credentials($0)) }
        let status = await child.waitForExit()
        guard status.isSuccess else {
            let tail = output.suffix(5).map(Redaction.credentials).joined(separator: " | ")
            throw HiveKeepError(.unavailable, "installing \(command.image) failed (\(status)): \(tail)")
        }
    }

    /// The program to run after an install: for uv the tool's executable named like the package (or its only
    /// one), for npm the package's `bin` entry named like it (or its only one), in `node_modules/.bin`.
    func resolveExecutable(for command: WorkloadCommand, in directory: String) throws -> String {
        switch command {
        case .uvx(let package, _):
            let binDirectory = "\(directory)/bin"
            let names = (try? FileManager.default.contentsOfDirectory(atPath: binDirectory)) ?? []
            let wanted = Self.normalisedPythonName(package)
            let name = names.first { Self.normalisedPythonName($0) == wanted } ?? (names.count == 1 ? names[0] : nil)
            guard let name else {
                throw HiveKeepError(
                    .unavailable,
                    "\(command.image) installs \(names.isEmpty ? "no executable" : "several executables (\(names.sorted().joined(separator: ", ")))"), none named \(package)"
                )
            }
            return "\(binDirectory)/\(name)"
        case .npx(let package, _):
            let name = try NPMPackage.binName(package: package, prefix: directory)
            return "\(directory)/node_modules/.bin/\(name)"
        case .exec(let path):
            return path
        }
    }

    static func normalisedPythonName(_ name: String) -> String {
        String(name.lowercased().map { $0 == "_" || $0 == "." ? "-" : $0 })
    }
}
