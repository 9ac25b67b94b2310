import Foundation

extension PackageInstaller {
    /// The host paths `command`'s program needs read-only in a sandbox, once `prepare` has returned `executable`:
    /// for `exec://` the executable's directory, for `uvx://` the tool's install directory and the prefix of the
    /// Python it runs on when that lives outside `/usr` (a uv-managed or pyenv Python), for `npx://` the install
    /// directory and the prefix of `node` when it lives outside `/usr`.
    public func programPaths(for command: WorkloadCommand, executable: String) -> [String] {
        switch command {
        case .exec(let path):
            let directory = Self.parent(path)
            return [directory == "/" ? path : directory]
        case .uvx:
            let directory = installDirectory(for: command)
            return [directory] + pythonPrefixes(in: "\(directory)/tools")
        case .npx:
            let node = try? locate("node", explicit: nil, purpose: "npx:// workloads")
            return [installDirectory(for: command)] + (node.map { Self.prefixes(of: $0) } ?? [])
        }
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

    /// The installation prefix (the parent of its `bin`) of `program` and of the file its symlinks resolve to,
    /// leaving out anything under `/usr` (mounted anyway) and `/`.
    static func prefixes(of program: String) -> [String] {
        let resolved = URL(fileURLWithPath: program).resolvingSymlinksInPath().path
        var result: [String] = []
        for path in [program, resolved] {
            let prefix = parent(parent(path))
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
