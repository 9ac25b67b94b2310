import HiveKeepClients
import HiveKeepCore
import HiveKeepStore
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The AI-client business rules shared by the REST API and the CLI: which clients are registered with which
/// groups, which are installed, and the entries of running workloads in their configuration files.
///
/// Registrations live in the groups' `registered_clients` and in `config.yaml` (`clients.registered_clients`, the
/// global list). An unknown client name is always a 400, whether or not there is anything to write.
public actor ClientService {
    let paths: HiveKeepPaths
    let environment: EnvironmentValues
    let groups: GroupService
    let logger: Logger
    let config: ConfigStore
    let workloads: any GroupWorkloads

    public init(
        paths: HiveKeepPaths,
        environment: EnvironmentValues,
        groups: GroupService,
        logger: Logger,
        workloads: any GroupWorkloads = NoGroupWorkloads()
    ) {
        self.paths = paths
        self.environment = environment
        self.groups = groups
        self.logger = logger
        self.config = ConfigStore(path: paths.configFile)
        self.workloads = workloads
    }

    /// The configuration file of `client` for this user.
    public nonisolated func configPath(of client: ClientType) throws -> String {
        try client.spec.path(in: environment)
    }

    /// Every registered client with its groups, sorted by name.
    public func list() async throws -> [RegisteredClient] {
        var byClient: [String: [String]] = [:]
        for group in try await groups.list() {
            for client in group.registeredClients { byClient[client, default: []].append(group.name) }
        }
        for client in try await config.load().clients.registeredClients where byClient[client] == nil {
            byClient[client] = []
        }
        return byClient.keys.sorted().map { RegisteredClient(name: $0, groups: byClient[$0, default: []].sorted()) }
    }

    /// Every supported client in the reference's order, installed or not, registered or not.
    public func discover() async throws -> [ClientStatus] {
        let registered = Set(try await list().map(\.name))
        return try ClientType.allCases.map { client in
            let path = try configPath(of: client)
            let probe = client.spec.installedWhenFileExists ? path : AtomicFile.parentDirectory(of: path)
            let installed = access(probe, F_OK) == 0
            return ClientStatus(client: client, installed: installed, registered: registered.contains(client.rawValue))
        }
    }

    /// Writes `entry` into the files of every client registered with `group` or globally (for the workload
    /// service, when a workload starts). Every client is tried; the first failure is thrown after the others ran.
    public func addWorkload(_ entry: ClientWorkloadEntry, group: String) async throws {
        var failure: (any Error)?
        for client in try await clients(of: group) {
            do {
                try await write([entry], to: client)
            } catch {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
    }

    /// Throws a `.conflict` naming the file and the entry when a client registered with `group` or globally has an
    /// entry `name` that HiveKeep did not write, so creating workload `name` there is refused before anything
    /// changes. Any other failure (a file that is not valid JSON) is logged: the runner meets it again and logs it.
    public func requireNoForeignEntry(named name: String, group: String) async throws {
        let clients: [ClientType]
        do {
            clients = try await self.clients(of: group)
        } catch {
            return  // the workload service reports a missing group itself
        }
        for client in clients {
            do {
                let writer = try writer(for: client)
                try await run(client, writer.path) { try writer.requireNotForeign(name) }
            } catch let error as HiveKeepError where error.code == .conflict {
                throw error
            } catch {
                logger.warning(
                    "cannot check a client configuration",
                    metadata: ["client.name": "\(client.rawValue)", "error": "\(error)"])
            }
        }
    }

    /// Removes the entry of workload `name` from the files of every client registered with `group` or globally.
    public func removeWorkload(named name: String, group: String) async throws {
        for client in try await clients(of: group) { try await remove([name], from: client) }
    }

    private func clients(of group: String) async throws -> [ClientType] {
        let names = Set(try await groups.get(group).registeredClients + config.load().clients.registeredClients)
        return names.sorted().compactMap { name in
            guard let client = ClientType(rawValue: name) else {
                logger.warning("skipping unsupported client in a registration", metadata: ["client.name": "\(name)"])
                return nil
            }
            return client
        }
    }
}
