/// An environment variable a registry server understands.
public struct EnvVarSpec: Codable, Sendable, Hashable {
    public var name: String
    public var description: String
    /// Whether a workload must supply it.
    public var required: Bool
    /// The value used when it is optional and not supplied.
    public var defaultValue: String?
    /// Whether it holds sensitive data and should come from a secret.
    public var secret: Bool?

    public init(name: String, description: String, required: Bool, defaultValue: String? = nil, secret: Bool? = nil) {
        self.name = name
        self.description = description
        self.required = required
        self.defaultValue = defaultValue
        self.secret = secret
    }

    enum CodingKeys: String, CodingKey {
        case name, description, required, secret
        case defaultValue = "default"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        required = try container.decodeIfPresent(Bool.self, forKey: .required) ?? false
        defaultValue = try container.decodeIfPresent(String.self, forKey: .defaultValue)
        secret = try container.decodeIfPresent(Bool.self, forKey: .secret)
    }
}

/// An HTTP header a remote registry server expects.
public struct HeaderSpec: Codable, Sendable, Hashable {
    public var name: String
    public var description: String
    public var required: Bool
    public var defaultValue: String?
    public var secret: Bool?
    /// The values the header may take.
    public var choices: [String]?

    public init(name: String, description: String, required: Bool, secret: Bool? = nil) {
        self.name = name
        self.description = description
        self.required = required
        self.secret = secret
    }

    enum CodingKeys: String, CodingKey {
        case name, description, required, secret, choices
        case defaultValue = "default"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        required = try container.decodeIfPresent(Bool.self, forKey: .required) ?? false
        defaultValue = try container.decodeIfPresent(String.self, forKey: .defaultValue)
        secret = try container.decodeIfPresent(Bool.self, forKey: .secret)
        choices = try container.decodeIfPresent([String].self, forKey: .choices)
    }
}
