import CHiveKeepSystem
import HiveKeepCore

#if canImport(Glibc)
    import Glibc
#endif

/// The descriptors of one spawn: what the child receives (source -> target) and the parent's ends of its pipes.
struct DescriptorWiring {
    private(set) var sources: [Int32] = []
    private(set) var targets: [Int32] = []
    /// The parent's ends of the stdin, stdout and stderr pipes.
    private(set) var parentEnds: [Int32?] = [nil, nil, nil]
    /// Descriptors opened for the child only (pipe ends, files), closed in the parent after the spawn.
    private var childSide: [Int32] = []

    init(options: SpawnOptions) throws {
        do {
            for (target, stream) in [options.standardInput, options.standardOutput, options.standardError].enumerated()
            {
                try wire(stream, to: Int32(target))
            }
            for (target, source) in options.inheritedDescriptors.sorted(by: { $0.key < $1.key }) {
                guard target > 2 else {
                    throw HiveKeepError.invalid("inherited descriptor \(target) collides with a standard stream")
                }
                // A memory file or regular file (a sandbox's arguments) is read from its start at every spawn; a pipe
                // cannot seek and is left alone.
                _ = lseek(source, 0, SEEK_SET)
                sources.append(source)
                targets.append(target)
            }
        } catch {
            closeChildSide()
            closeParentSide()
            throw error
        }
    }

    private mutating func wire(_ stream: SpawnOptions.Stream, to target: Int32) throws {
        let source: Int32
        switch stream {
        case .descriptor(let fd):
            source = fd
        case .sameAsStandardOutput:
            guard target == 2, sources.count == 2 else {
                throw HiveKeepError.invalid("only standard error can go where standard output goes")
            }
            source = sources[1]
        case .null:
            source = try open("/dev/null", target == 0 ? O_RDONLY : O_WRONLY)
        case .file(let path, let append):
            let flags = target == 0 ? O_RDONLY : O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC)
            source = try open(path, flags)
        case .pipe:
            var ends: [Int32] = [-1, -1]
            guard hivekeep_pipe_cloexec(&ends) == 0 else { throw SystemCallError.make("pipe2") }
            let (childEnd, parentEnd) = target == 0 ? (ends[0], ends[1]) : (ends[1], ends[0])
            childSide.append(childEnd)
            parentEnds[Int(target)] = parentEnd
            source = childEnd
        }
        sources.append(source)
        targets.append(target)
    }

    private mutating func open(_ path: String, _ flags: Int32) throws -> Int32 {
        let fd = Glibc.open(path, flags | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemCallError.make("open \(path)", as: .unavailable) }
        childSide.append(fd)
        return fd
    }

    /// Closes the parent's copies of what only the child uses.
    mutating func closeChildSide() {
        for fd in childSide { close(fd) }
        childSide = []
    }

    /// Closes the parent's pipe ends (after a failed spawn).
    mutating func closeParentSide() {
        for fd in parentEnds.compactMap({ $0 }) { close(fd) }
        parentEnds = [nil, nil, nil]
    }
}
