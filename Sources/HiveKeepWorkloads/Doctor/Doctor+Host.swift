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

    /// A Docker Engine API socket that accepts a connection (`DOCKER_HOST`, Podman's and Docker's usual paths).
    func containerEngineCheck() -> DoctorCheck {
        var candidates: [String] = []
        if let host = environment["DOCKER_HOST"], host.hasPrefix("unix://") {
            candidates.append(String(host.dropFirst(7)))
        }
        if let runtime = environment["XDG_RUNTIME_DIR"] { candidates.append(runtime + "/podman/podman.sock") }
        candidates += ["/run/podman/podman.sock", "/var/run/docker.sock"]
        for path in candidates where Self.accepts(unixSocket: path) {
            return DoctorCheck("container engine", .ok, "a container engine answers on \(path)")
        }
        return DoctorCheck(
            "container engine", .warn, "no container engine socket accepts connections",
            advice: "only needed for image workloads: start `podman system service` or Docker, or set DOCKER_HOST")
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

    static func accepts(unixSocket path: String) -> Bool {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
    }
}
