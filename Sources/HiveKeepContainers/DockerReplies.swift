/// The parts of the engine's JSON replies HiveKeep reads (Docker's field names; Podman's compatible API uses the
/// same).
enum DockerReply {
    struct Version: Decodable {
        struct Component: Decodable {
            var name: String
            enum CodingKeys: String, CodingKey { case name = "Name" }
        }
        var version: String
        var apiVersion: String
        var minAPIVersion: String?
        var components: [Component]?
        enum CodingKeys: String, CodingKey {
            case version = "Version"
            case apiVersion = "ApiVersion"
            case minAPIVersion = "MinAPIVersion"
            case components = "Components"
        }
    }

    struct Created: Decodable {
        var id: String
        enum CodingKeys: String, CodingKey { case id = "Id" }
    }

    struct Waited: Decodable {
        var statusCode: Int
        enum CodingKeys: String, CodingKey { case statusCode = "StatusCode" }
    }

    struct Inspected: Decodable {
        struct State: Decodable {
            var status: String
            var running: Bool
            var exitCode: Int?
            enum CodingKeys: String, CodingKey {
                case status = "Status"
                case running = "Running"
                case exitCode = "ExitCode"
            }
        }
        struct Config: Decodable {
            var labels: [String: String]?
            enum CodingKeys: String, CodingKey { case labels = "Labels" }
        }
        struct Binding: Decodable {
            var hostPort: String?
            enum CodingKeys: String, CodingKey { case hostPort = "HostPort" }
        }
        struct Network: Decodable {
            var ports: [String: [Binding]?]?
            enum CodingKeys: String, CodingKey { case ports = "Ports" }
        }
        var id: String
        var state: State
        var config: Config?
        var networkSettings: Network?
        enum CodingKeys: String, CodingKey {
            case id = "Id"
            case state = "State"
            case config = "Config"
            case networkSettings = "NetworkSettings"
        }

        var labels: [String: String] { config?.labels ?? [:] }

        /// The first published host port.
        var hostPort: Int? {
            let bindings = (networkSettings?.ports ?? [:]).sorted { $0.key < $1.key }.compactMap { $0.value }
            return bindings.joined().compactMap { $0.hostPort.flatMap(Int.init) }.first
        }
    }

    struct Listed: Decodable {
        var id: String
        var labels: [String: String]?
        var state: String?
        enum CodingKeys: String, CodingKey {
            case id = "Id"
            case labels = "Labels"
            case state = "State"
        }
    }
}
