/// A command ready to run: an absolute executable path and the arguments that follow it (argv[1...]).
public struct PreparedCommand: Sendable, Hashable, CustomStringConvertible {
    /// The absolute path of the program.
    public var executable: String
    /// The arguments after argv[0]. Never put a secret here: /proc/PID/cmdline is world-readable.
    public var arguments: [String]
    /// Descriptors the program must receive (child descriptor number -> the parent's descriptor), such as a
    /// sandbox's arguments descriptor: pass them as ``SpawnOptions/inheritedDescriptors``.
    public var inheritedDescriptors: [Int32: Int32] = [:]

    /// Creates a command.
    public init(executable: String, arguments: [String] = []) {
        self.executable = executable
        self.arguments = arguments
    }

    /// The same command with `more` appended (a workload's `cmd_arguments`).
    public func appending(arguments more: [String]) -> PreparedCommand {
        var command = self
        command.arguments += more
        return command
    }

    /// The command line, for logs (it holds no secret by construction).
    public var description: String { ([executable] + arguments).joined(separator: " ") }
}
