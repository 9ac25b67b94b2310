import Foundation

extension PackageInstaller {
    /// The host paths `command`'s program needs read-only in a sandbox, once `prepare` has returned `executable`:
    /// for `exec://` the executable's directory and, for a script, the prefix of its `#!` interpreter when that lives
    /// outside `/usr` (a virtual environment's Python: the environment and the Python it was made from), for `uvx://` the tool's install directory and the prefix of the
    /// Python it runs on when that lives outside `/usr` (a uv-managed or pyenv Python), for `npx://` the install
    /// directory and the prefix of `node` when it lives outside `/usr`.
    public func programPaths(for command: WorkloadCommand, executable: String) -> [String] {
        switch command {
        case .exec(let path):
            let directory = Self.parent(path)
            var paths = [directory == "/" ? path : directory]
            for prefix in interpreterPrefixes(of: path) where !paths.contains(prefix) { paths.append(prefix) }
            return paths
        case .uvx:
            let directory = installDirectory(for: command)
            return [directory] + pythonPrefixes(in: "\(directory)/tools")
        case .npx:
            let node = try? locate("node", explicit: nil, purpose: "npx:// workloads")
            return [installDirectory(for: command)] + (node.map { Self.prefixes(of: $0) } ?? [])
        }
    }

    /// The prefixes of a script's interpreter: its `#!` line's program, or for `#!/usr/bin/env NAME` the first `NAME`
    /// on the installer environment's PATH.
    func interpreterPrefixes(of script: String) -> [String] {
        guard let handle = FileHandle(forReadingAtPath: script) else { return [] }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 256)) ?? Data()
        guard head.starts(with: Array("#!".utf8)) else { return [] }
        let line = String(decoding: head.dropFirst(2).prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard var interpreter = words.first else { return [] }
        if interpreter.hasSuffix("/env"), let name = words.dropFirst().first(where: { !$0.hasPrefix("-") }) {
            guard let found = try? locate(name, explicit: nil, purpose: "a script's interpreter") else { return [] }
            interpreter = found
        }
        return Self.prefixes(of: interpreter)
    }

    /// The prefixes of the Pythons the tool environments under `tools` were made from (their `pyvenv.cfg` `home`).
    private func pythonPrefixes(in tools: String) -> [String] {
        let environments = (try? FileManager.default.contentsOfDirectory(atPath: tools)) ?? []
        var prefixes: [String] = []
        for name in environments.sorted() {
            guard let text = try? String(contentsOfFile: "\(tools)/\(name)/pyvenv.cfg", encoding: .utf8) else {
                continue
            }
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, parts[0] == "home" else { continue }
                for prefix in Self.prefixes(of: "\(parts[1])/python3") where !prefixes.contains(prefix) {
                    prefixes.append(prefix)
                }
            }
        }
        return prefixes
    }

    /// The installation prefix of `program` and of the file its symlinks resolve to: the parent of its `bin`
    /// directory, or just its directory when that is not named `bin`; leaving out anything under `/usr` (mounted
    /// anyway) and `/`.
    static func prefixes(of program: String) -> [String] {
        let resolved = URL(fileURLWithPath: program).resolvingSymlinksInPath().path
        var result: [String] = []
        for path in [program, resolved] {
            let directory = parent(path)
            let prefix = directory.hasSuffix("/bin") ? parent(directory) : directory
            guard prefix != "/", !prefix.hasPrefix("/usr/"), prefix != "/usr", !result.contains(prefix) else {
                continue
            }
            result.append(prefix)
        }
        return result
    }

    static func parent(_ path: String) -> String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "/" : parent
    }
}

extension PackageInstaller {
    /// The sandbox an install runs in: the host's network (it downloads), the install directory the only
    /// writable path besides the sandbox's own `/tmp` and home, plus a cache directory the operator configured
    /// (`UV_CACHE_DIR`, `npm_config_cache`; without one the cache lives in the sandbox's home and is dropped);
    /// read-only, the installer's own prefix and the prefixes of the Python or node it finds on PATH and the
    /// uv-managed Pythons' directory.
    func installPolicy(for command: WorkloadCommand, installer: PreparedCommand) -> SandboxPolicy {
        var policy = SandboxPolicy(writePaths: [installDirectory(for: command)])
        let caches = ["UV_CACHE_DIR", "NPM_CONFIG_CACHE", "npm_config_cache"].compactMap { environment[$0] }
        for cache in caches where cache.hasPrefix("/") && !cache.contains("..") {
            try? FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
            policy.writePaths.append(cache)
        }
        var programs = [installer.executable]
        switch command {
        case .uvx: programs += ["python3", "python"].compactMap { try? locate($0, explicit: nil, purpose: "uv") }
        case .npx: programs += [(try? locate("node", explicit: nil, purpose: "npm")) ?? ""].filter { !$0.isEmpty }
        case .exec: break
        }
        for program in programs {
            for prefix in Self.prefixes(of: program) where !policy.programPaths.contains(prefix) {
                policy.programPaths.append(prefix)
            }
        }
        if case .uvx = command, let uvPythons = uvPythonDirectory { policy.programPaths.append(uvPythons) }
        return policy
    }

    /// Where uv keeps the Pythons it installed (`UV_PYTHON_INSTALL_DIR`, else `~/.local/share/uv/python`), when
    /// that directory exists. A sandboxed uv gets it through `UV_PYTHON_INSTALL_DIR`: its own home is empty.
    var uvPythonDirectory: String? {
        let directory =
            environment["UV_PYTHON_INSTALL_DIR"] ?? environment["HOME"].map { "\($0)/.local/share/uv/python" }
        guard let directory, directory.hasPrefix("/"), FileManager.default.fileExists(atPath: directory) else {
            return nil
        }
        return directory
    }
}
