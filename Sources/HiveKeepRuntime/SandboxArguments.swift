import CHiveKeepSystem
import HiveKeepCore
import Sodium

#if canImport(Glibc)
    import Glibc
#endif

/// bwrap arguments passed through a descriptor (`--args FD`): NUL-separated, in an anonymous memory file
/// (`memfd_create`), so that variables set with `--setenv` (secrets among them) appear on no command line, in no
/// file system and in no environment but the sandboxed server's.
///
/// The descriptor stays open for the runner's lifetime (a restarted server reads it again: the spawn rewinds an
/// inherited descriptor, see ``SpawnOptions/inheritedDescriptors``). Its pages are ordinary memory, not guarded
/// memory like ``SecretEnvironment``'s.
public struct SandboxArguments: Sendable {
    /// The memory file's descriptor (close-on-exec in the runner; mapped into bwrap by the spawn).
    public let descriptor: Int32

    /// Writes `leading`, then `--setenv NAME VALUE` for every variable of `environment` (plain and secret, the
    /// secret values straight from their guarded buffers), with `overriding` replacing plain variables of the same
    /// name.
    /// - Throws: `HiveKeepError` (`.internalError`) when the memory file cannot be made or written.
    public static func make(
        _ leading: [String], environment: ChildEnvironment, overriding: [String: String] = [:]
    ) throws -> SandboxArguments {
        let fd = hivekeep_memfd_cloexec("hivekeep-bwrap-args")
        guard fd >= 0 else { throw SystemCallError.make("memfd_create") }
        do {
            var text: [UInt8] = []
            for argument in leading { text += Array(argument.utf8) + [0] }
            var plain = environment.plain
            for (name, value) in overriding { plain[name] = value }
            for (name, value) in plain.sorted(by: { $0.key < $1.key }) {
                text += Array("--setenv".utf8) + [0] + Array(name.utf8) + [0] + Array(value.utf8) + [0]
            }
            try write(fd, text)
            for entry in environment.secrets.entries where overriding[entry.name] == nil {
                try write(fd, Array("--setenv".utf8) + [0] + Array(entry.name.utf8) + [0])
                try entry.value.withUnsafeBytes { try write(fd, $0) }
                try write(fd, [0])
            }
            guard lseek(fd, 0, SEEK_SET) == 0 else { throw SystemCallError.make("lseek") }
        } catch {
            close(fd)
            throw error
        }
        return SandboxArguments(descriptor: fd)
    }

    private static func write(_ fd: Int32, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write(fd, $0) }
    }

    private static func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw SystemCallError.make("write the sandbox's arguments")
            }
            offset += written
        }
    }
}
