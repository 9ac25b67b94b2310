/// A named set of workloads that are registered with AI clients together.
///
/// Stored as `{"name": …, "registered_clients": […]}`, the reference's shape; `registeredClients` is always an
/// array, never absent or null.
public struct Group: Codable, Sendable, Hashable {
    /// The group's name (see `GroupName`).
    public var name: String
    /// Client types whose configuration files receive this group's workloads, sorted.
    public var registeredClients: [String]

    /// The name of the group that always exists.
    public static let defaultName = "default"

    public init(name: String, registeredClients: [String] = []) {
        self.name = name
        self.registeredClients = registeredClients
    }

    enum CodingKeys: String, CodingKey {
        case name
        case registeredClients = "registered_clients"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.name = try container.decode(String.self, forKey: .name)
        self.registeredClients = try container.decodeIfPresent([String].self, forKey: .registeredClients) ?? []
    }
}
