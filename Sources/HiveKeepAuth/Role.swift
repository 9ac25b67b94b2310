/// What a principal may do, in increasing order: each role may do everything the roles below it may.
///
/// - `viewer`: reads metadata (lists, statuses, registry, groups, clients, secret names, provider capabilities).
/// - `operator`: also runs, stops, restarts and deletes workloads whose server comes from the configured registry or
///   from a run configuration signed by a trusted key, and reads their logs.
/// - `admin`: everything else (secret writes, provider setup, `exec://`, packages and images not in the registry,
///   edits that change what runs, unsigned imports, imports that bring secrets, registry and client changes,
///   signing).
public enum Role: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    case viewer
    case `operator`
    case admin

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .operator: 1
        case .admin: 2
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    /// Whether this role includes `other`.
    public func includes(_ other: Role) -> Bool { self >= other }
}
