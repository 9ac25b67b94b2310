/// What a migration from ToolHive will do, shown before it does it: per item, whether it is created, already in
/// HiveKeep (reported, never overwritten), or cannot come (with the reason). Secrets appear by name only.
public struct MigrationPlan: Sendable, Hashable {
    /// What kind of thing an item is.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case provider, secret, group, workload, client
    }

    /// What happens to an item.
    public enum Action: String, Sendable, Hashable {
        /// It will be created.
        case create
        /// HiveKeep has it already; it is left as it is.
        case exists
        /// It cannot come; ``Item/reason`` says why.
        case refused
    }

    /// One line of the plan.
    public struct Item: Sendable, Hashable {
        public var kind: Kind
        public var name: String
        public var action: Action
        /// Why it cannot come, or what is already there; a detail for a created item (a workload's plan).
        public var reason: String?

        public init(kind: Kind, name: String, action: Action, reason: String? = nil) {
            self.kind = kind
            self.name = name
            self.action = action
            self.reason = reason
        }
    }

    /// The ToolHive installation, as paths.
    public var source: ToolHiveLayout
    /// Where the secrets file's password came from; nil when no file needed one.
    public var passwordSource: ToolHivePassword.Source?
    /// Every item, in the order they are applied: provider, secrets, groups, workloads, clients.
    public var items: [Item] = []

    public init(source: ToolHiveLayout, passwordSource: ToolHivePassword.Source? = nil) {
        self.source = source
        self.passwordSource = passwordSource
    }

    /// The items of one kind and action.
    public func items(_ kind: Kind, _ action: Action? = nil) -> [Item] {
        items.filter { $0.kind == kind && (action == nil || $0.action == action) }
    }

    /// Whether there is anything to create.
    public var hasChanges: Bool { items.contains { $0.action == .create } }

    /// The plan as text for a person.
    public var lines: [String] {
        var lines = [
            "Migration from ToolHive (config \(source.configDirectory), data \(source.dataDirectory), "
                + "state \(source.stateDirectory))"
        ]
        if let passwordSource { lines.append("secrets file opened with the password from \(passwordSource.rawValue)") }
        let titles: [Kind: String] = [
            .provider: "secrets provider", .secret: "secrets (names only)", .group: "groups", .workload: "workloads",
            .client: "client registrations",
        ]
        for kind in Kind.allCases {
            let found = items(kind)
            guard !found.isEmpty else { continue }
            lines.append("\(titles[kind] ?? kind.rawValue):")
            for item in found {
                let verb = ["create": "create ", "exists": "exists ", "refused": "cannot "][item.action.rawValue] ?? ""
                lines.append("  \(verb) \(item.name)" + (item.reason.map { ": \($0)" } ?? ""))
            }
        }
        if !hasChanges {
            lines.append("Nothing to migrate: everything ToolHive has that can come is already in HiveKeep.")
        }
        return lines
    }
}
