/// A rename and/or new description for one tool (`tools_override` entry).
public struct ToolOverride: Codable, Sendable, Hashable {
    /// The name clients see instead of the real one.
    public var name: String?
    /// The description clients see instead of the real one.
    public var description: String?

    /// Creates an override.
    public init(name: String? = nil, description: String? = nil) {
        self.name = name
        self.description = description
    }
}

/// The tools filter and overrides of a workload, keyed by the REAL tool name.
public struct ToolPolicy: Sendable, Hashable {
    /// Real names of the tools clients may see and call; nil allows every tool.
    public var allowed: [String]?
    /// Overrides by real tool name.
    public var overrides: [String: ToolOverride]

    /// Creates a policy.
    public init(allowed: [String]? = nil, overrides: [String: ToolOverride] = [:]) {
        self.allowed = allowed
        self.overrides = overrides
    }

    /// Whether the policy changes nothing.
    public var isEmpty: Bool { allowed == nil && overrides.isEmpty }

    /// Whether the real tool `name` is visible.
    func allows(realName name: String) -> Bool { allowed?.contains(name) ?? true }

    /// The name clients see for the real tool `name`.
    func exposedName(forReal name: String) -> String { overrides[name]?.name ?? name }

    /// The real name behind the name a client used, or nil when no visible tool has that name.
    func realName(forExposed exposed: String) -> String? {
        if let (real, _) = overrides.first(where: { $0.value.name == exposed }) {
            return allows(realName: real) ? real : nil
        }
        // A renamed tool is not callable by its real name.
        if let override = overrides[exposed], override.name != nil, override.name != exposed { return nil }
        return allows(realName: exposed) ? exposed : nil
    }
}
