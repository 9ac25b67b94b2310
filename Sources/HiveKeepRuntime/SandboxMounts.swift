#if canImport(Glibc)
    import Glibc
#endif

/// The host files every sandboxed program sees (read-only), and where its private home is.
///
/// Only what a program needs to load, resolve names, check TLS certificates and look up users: `/usr` and the
/// top-level program and library directories (as the symlinks they are on a merged-`/usr` system, else read-only
/// binds), and a fixed list of `/etc` entries. Nothing of the real `HOME`, `$XDG_*` directories, `/run`, `/var`,
/// `/home` or `/tmp` is mounted.
public enum SandboxMounts {
    /// The sandbox's private, empty, writable home (a tmpfs of its own).
    public static let home = "/sandbox/home"

    /// The top-level system directories mirrored into the sandbox.
    static let systemDirectories = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]

    /// The `/etc` entries mounted when present: name resolution, TLS, user lookup, time zone, the loader's cache and
    /// Debian's alternatives (symlinks such as `/usr/bin/node` point into it).
    static let etcEntries = [
        "/etc/ssl", "/etc/ca-certificates", "/etc/ca-certificates.conf", "/etc/pki", "/etc/resolv.conf",
        "/etc/hosts", "/etc/host.conf", "/etc/nsswitch.conf", "/etc/gai.conf", "/etc/services", "/etc/protocols",
        "/etc/passwd", "/etc/group", "/etc/localtime", "/etc/timezone", "/etc/ld.so.cache", "/etc/ld.so.conf",
        "/etc/ld.so.conf.d", "/etc/alternatives", "/etc/mime.types", "/etc/os-release",
    ]

    /// The bwrap arguments that mount the system part: the directories above and the `/etc` entries that exist
    /// (a top-level symlink stays a symlink), `/proc`, `/dev`, a private `/tmp` and the private home (both empty
    /// tmpfs mounts).
    static func systemArguments() -> [String] {
        var arguments: [String] = []
        for path in systemDirectories {
            if let target = symlinkTarget(path) {
                arguments += ["--symlink", target, path]
            } else if access(path, F_OK) == 0 {
                arguments += ["--ro-bind", path, path]
            }
        }
        // bwrap follows a symlinked /etc entry (such as resolv.conf) to its file and binds that.
        for path in etcEntries where access(path, F_OK) == 0 { arguments += ["--ro-bind", path, path] }
        arguments += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", home, "--chdir", home]
        return arguments
    }

    private static func symlinkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink(path, &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension SandboxMounts {
    /// The last mount argument: the sandbox's root itself (where bwrap made the mount points) read-only, so that a
    /// write outside `/tmp`, the home and the write paths fails instead of landing in a scratch root.
    static let finalArguments = ["--remount-ro", "/"]
}
