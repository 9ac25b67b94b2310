/// How ``SpawnedChild/spawn(_:environment:options:)`` wires up a child.
///
/// Whatever the options, the child starts with an empty signal mask, every signal at its default action, and no
/// descriptor open but its three standard streams and ``inheritedDescriptors``.
public struct SpawnOptions: Sendable, Hashable {
    /// Where one standard stream of the child goes.
    public enum Stream: Sendable, Hashable {
        /// A new pipe; the parent's end is returned by the child object and owned by the caller.
        case pipe
        /// /dev/null.
        case null
        /// A file: read for stdin; for output created 0600, appended to or truncated.
        case file(path: String, append: Bool)
        /// A descriptor of the parent (not closed by the spawn).
        case descriptor(Int32)
        /// For standard error only: the same destination as standard output (`2>&1`).
        case sameAsStandardOutput
    }

    /// The child's standard input.
    public var standardInput: Stream
    /// The child's standard output.
    public var standardOutput: Stream
    /// The child's standard error.
    public var standardError: Stream
    /// Further descriptors the child receives: child descriptor number -> parent descriptor (numbers above 2). A
    /// seekable one (a file) is rewound to its start before each spawn.
    public var inheritedDescriptors: [Int32: Int32]
    /// The child calls setsid: a new session and process group whose ids equal its pid.
    public var newSession: Bool
    /// Without `newSession`: the child leads a new process group, so a group signal reaches its descendants.
    public var newProcessGroup: Bool
    /// The child's working directory; nil keeps the parent's.
    public var workingDirectory: String?

    /// Creates options; by default every stream is /dev/null and the child leads a new process group.
    public init(
        standardInput: Stream = .null, standardOutput: Stream = .null, standardError: Stream = .null,
        inheritedDescriptors: [Int32: Int32] = [:], newSession: Bool = false, newProcessGroup: Bool = true,
        workingDirectory: String? = nil
    ) {
        self.standardInput = standardInput
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.inheritedDescriptors = inheritedDescriptors
        self.newSession = newSession
        self.newProcessGroup = newProcessGroup
        self.workingDirectory = workingDirectory
    }

    /// True when the child leads its own process group, so that group signals are possible.
    var leadsGroup: Bool { newSession || newProcessGroup }
}
