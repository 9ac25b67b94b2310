import Foundation
import HiveKeepCore
import HiveKeepRuntime
import HiveKeepStore

#if canImport(Glibc)
    import Glibc
#endif

/// Host checks: bubblewrap, the package tools, a container engine, the clock.
extension Doctor {
    /// bubblewrap is found and really starts a confined process (`/usr/bin/true` with every namespace unshared).
    func bubblewrapCheck() async -> DoctorCheck {
        let bwrap: String
        do {
            bwrap = try Sandbox.locateBubblewrap(environment: environment.values)
        } catch {
            return DoctorCheck(
                "bubblewrap", .warn, "\(error)", advice: "apt-get install bubblewrap (workloads with a sandbox need it)"
            )
        }
        let arguments = [
            "--unshare-all", "--die-with-parent", "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib",
            "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/bin", "/bin", "--proc", "/proc", "--dev", "/dev",
            "--", "/usr/bin/true",
        ]
        do {
            let child = try SpawnedChild.spawn(
                PreparedCommand(executable: bwrap, arguments: arguments),
                environment: try ChildEnvironment(parent: [:], variables: ["PATH": "/usr/bin:/bin"]),
                options: SpawnOptions(standardInput: .null, standardOutput: .null, standardError: .null))
            guard let status = await child.waitForExit(timeout: .seconds(10)) else {
                await child.terminate(grace: .seconds(1))
                return DoctorCheck("bubblewrap", .fail, "\(bwrap) did not finish in 10 s")
            }
            guard status == .exited(0) else {
                return DoctorCheck(
                    "bubblewrap", .fail, "\(bwrap) cannot start a confined process (\(status))",
                    advice: "allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1) "
                        + "or check the service's hardening (RestrictNamespaces)")
            }
            return DoctorCheck("bubblewrap", .ok, "\(bwrap) starts a confined process")
        } catch {
            return DoctorCheck("bubblewrap", .fail, "cannot run \(bwrap): \(error)")
        }
    }

    /// `uv` (for `uvx://`, or `HIVEKEEP_UV`) and `npm`/`npx` (for `npx://`) on the PATH.
    func toolChecks() -> [DoctorCheck] {
        let uv = environment["HIVEKEEP_UV"].flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil }
        let tools = [
            ("uv", uv ?? executable("uv"), "uvx:// workloads cannot be installed", "pip install uv"),
            ("npm", executable("npx"), "npx:// workloads cannot be installed", "apt-get install npm"),
        ]
        return tools.map { name, path, effect, remedy in
            guard let path else { return DoctorCheck(name, .warn, "\(name) not found: \(effect)", advice: remedy) }
            return DoctorCheck(name, .ok, "found at \(path)")
        }
    }

    /// The container engine image workloads run on: which one answers where (`/version`), found as the runner finds
    /// it (``ContainerEngineSource/locate(environment:)``), or every place HiveKeep looked.
    func containerEngineCheck() async -> DoctorCheck {
        let status = await ContainerEngineSource.statusLine(environment: environment.values)
        if status.found { return DoctorCheck("container engine", .ok, status.text) }
        return DoctorCheck(
            "container engine", .warn, status.text,
            advice: "only needed for image workloads: start `podman system service` or Docker, or set DOCKER_HOST "
                + "or container_runtime.socket in config.yaml")
    }

    /// The wall clock is plausible and not behind the newest file HiveKeep wrote (a clock that jumped back breaks
    /// audit times, token expiry and TLS).
    func clockCheck() -> DoctorCheck {
        let now = Date()
        let year = Calendar(identifier: .gregorian).component(.year, from: now)
        guard (2024...2200).contains(year) else {
            return DoctorCheck("clock", .fail, "the clock says \(now)", advice: "set the time (NTP: systemd-timesyncd)")
        }
        let newest = [paths.stateDirectory + "/audit.jsonl", paths.configFile].compactMap {
            (try? FileManager.default.attributesOfItem(atPath: $0))?[.modificationDate] as? Date
        }.max()
        if let newest, newest.timeIntervalSince(now) > 300 {
            return DoctorCheck(
                "clock", .fail, "HiveKeep wrote a file at \(newest), later than now (\(now))",
                advice: "the clock went back: set the time (NTP: systemd-timesyncd)")
        }
        return DoctorCheck("clock", .ok, "the clock reads \(now)")
    }

    func executable(_ name: String) -> String? {
        let directories = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
