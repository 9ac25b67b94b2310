/// What a workload may touch on the host: read and write mounts, network rules, privilege.
public struct PermissionProfile: Codable, Sendable, Hashable {
    public var name: String?
    public var read: [String]?
    public var write: [String]?
    public var network: NetworkPermissions?
    public var privileged: Bool?

    public init(
        name: String? = nil, read: [String]? = nil, write: [String]? = nil, network: NetworkPermissions? = nil,
        privileged: Bool? = nil
    ) {
        self.name = name
        self.read = read
        self.write = write
        self.network = network
        self.privileged = privileged
    }

    /// The profile the reference uses when neither the request nor the registry gives one: outbound allowed.
    public static let network = PermissionProfile(
        name: "network", network: NetworkPermissions(outbound: .init(insecureAllowAll: true)))
}

/// Network rules of a ``PermissionProfile``.
public struct NetworkPermissions: Codable, Sendable, Hashable {
    public var mode: String?
    public var outbound: OutboundNetworkPermissions?
    public var inbound: InboundNetworkPermissions?

    public init(
        mode: String? = nil, outbound: OutboundNetworkPermissions? = nil, inbound: InboundNetworkPermissions? = nil
    ) {
        self.mode = mode
        self.outbound = outbound
        self.inbound = inbound
    }
}

/// Where a workload may connect to.
public struct OutboundNetworkPermissions: Codable, Sendable, Hashable {
    public var insecureAllowAll: Bool?
    public var allowHost: [String]?
    public var allowPort: [Int]?

    public init(insecureAllowAll: Bool? = nil, allowHost: [String]? = nil, allowPort: [Int]? = nil) {
        self.insecureAllowAll = insecureAllowAll
        self.allowHost = allowHost
        self.allowPort = allowPort
    }

    enum CodingKeys: String, CodingKey {
        case insecureAllowAll = "insecure_allow_all"
        case allowHost = "allow_host"
        case allowPort = "allow_port"
    }
}

/// Who may connect to a workload.
public struct InboundNetworkPermissions: Codable, Sendable, Hashable {
    public var allowHost: [String]?

    public init(allowHost: [String]? = nil) { self.allowHost = allowHost }

    enum CodingKeys: String, CodingKey {
        case allowHost = "allow_host"
    }
}
