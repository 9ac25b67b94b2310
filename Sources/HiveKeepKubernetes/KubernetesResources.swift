/// One Kubernetes object as it is written: `apiVersion`, `kind`, `metadata`, `spec`, in that order.
public struct KubernetesResource<Spec: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    public var apiVersion: String
    public var kind: String
    public var metadata: KubernetesMetadata
    public var spec: Spec

    public init(apiVersion: String, kind: String, metadata: KubernetesMetadata, spec: Spec) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.spec = spec
    }
}

/// An object's name, namespace, labels and annotations.
public struct KubernetesMetadata: Codable, Sendable, Hashable {
    public var name: String
    public var namespace: String?
    public var labels: [String: String]?
    public var annotations: [String: String]?

    public init(
        name: String, namespace: String? = nil, labels: [String: String]? = nil, annotations: [String: String]? = nil
    ) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
    }
}

/// The spec of the ToolHive operator's `MCPServer` (the fields HiveKeep fills).
public struct MCPServerSpec: Codable, Sendable, Hashable {
    public var image: String
    public var transport: String
    public var proxyMode: String?
    public var proxyPort: Int?
    public var mcpPort: Int?
    public var args: [String]?
    public var env: [EnvironmentVariable]?
    public var secrets: [SecretKeyReference]?
    public var resources: ResourceRequirements?
    public var toolConfigRef: NameReference?
    public var groupRef: NameReference?
    public var trustProxyHeaders: Bool?
    public var endpointPrefix: String?

    /// One plain environment variable.
    public struct EnvironmentVariable: Codable, Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A key of a Kubernetes Secret handed to the server as an environment variable.
    public struct SecretKeyReference: Codable, Sendable, Hashable {
        /// The Secret's name.
        public var name: String
        /// The key in the Secret.
        public var key: String
        /// The environment variable the server reads it from.
        public var targetEnvName: String

        public init(name: String, key: String, targetEnvName: String) {
            self.name = name
            self.key = key
            self.targetEnvName = targetEnvName
        }
    }

    /// CPU and memory limits (and requests), as Kubernetes quantities.
    public struct ResourceRequirements: Codable, Sendable, Hashable {
        public var limits: Quantities?
        public var requests: Quantities?
    }

    /// A CPU quantity (`500m`) and a memory quantity (`256Mi`).
    public struct Quantities: Codable, Sendable, Hashable {
        public var cpu: String?
        public var memory: String?

        public init(cpu: String?, memory: String?) {
            self.cpu = cpu
            self.memory = memory
        }
    }
}

/// A reference to another object of the same namespace by name.
public struct NameReference: Codable, Sendable, Hashable {
    public var name: String
}

/// The spec of the operator's `MCPGroup`.
public struct MCPGroupSpec: Codable, Sendable, Hashable {
    public var description: String?
}

/// The spec of the operator's `MCPToolConfig`: the tool filter and overrides of a server.
public struct MCPToolConfigSpec: Codable, Sendable, Hashable {
    public var toolsFilter: [String]?
    public var toolsOverride: [String: Override]?

    /// A tool's new name and description.
    public struct Override: Codable, Sendable, Hashable {
        public var name: String?
        public var description: String?
    }
}
