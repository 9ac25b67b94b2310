/// A secret handed to a workload as an environment variable: the provider's key `name`, the variable `target`.
///
/// Run configurations store it as the string `name,target=TARGET`, the form ToolHive reads and writes.
public struct SecretReference: Codable, Sendable, Hashable {
    public var name: String
    public var target: String

    public init(name: String, target: String) {
        self.name = name
        self.target = target
    }

    /// Parses `name,target=TARGET`: one or more characters other than a comma, `,target=`, one or more characters.
    public init(parsing text: String) throws {
        guard !text.isEmpty else { throw HiveKeepError.invalid("secret parameter cannot be empty") }
        guard let comma = text.firstIndex(of: ","), comma != text.startIndex,
            text[comma...].hasPrefix(",target="),
            case let target = String(text[text.index(comma, offsetBy: 8)...]), !target.isEmpty
        else {
            throw HiveKeepError.invalid("invalid secret reference: expected NAME,target=VARIABLE")
        }
        self.init(name: String(text[..<comma]), target: target)
    }

    /// The run-configuration form, `name,target=TARGET`.
    public var stored: String { "\(name),target=\(target)" }
}

/// A new name and/or description under which a tool is shown to clients.
public struct ToolOverrideSpec: Codable, Sendable, Hashable {
    public var name: String?
    public var description: String?

    public init(name: String? = nil, description: String? = nil) {
        self.name = name
        self.description = description
    }
}

/// One middleware entry of a run configuration: its type and its parameters, kept verbatim.
public struct MiddlewareConfig: Codable, Sendable, Hashable {
    public var type: String
    public var parameters: JSONValue?

    public init(type: String, parameters: JSONValue? = nil) {
        self.type = type
        self.parameters = parameters
    }
}
