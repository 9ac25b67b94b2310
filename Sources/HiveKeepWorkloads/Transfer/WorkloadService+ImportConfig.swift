import HiveKeepCore
import HiveKeepRuntime

/// The run configuration an import saves: the payload as signed, checked by the same rules as create, renamed, and
/// given a free port when the one it asks for is taken.
extension WorkloadService {
    /// Validates `payload` through ``WorkloadBuilder`` (by way of the request that would create it) and returns it
    /// under `name` with the ports the builder chose.
    func importedConfig(_ payload: RunConfig, name: String, pendingGroups: Set<String> = []) async throws -> RunConfig {
        var request = WorkloadDefinition.request(from: payload)
        request.name = name
        let container = WorkloadBuilder.isContainer(payload)
        // A process's volumes are already folded into its permission profile; a container's are its bind mounts.
        if !container { request.volumes = [] }
        let group = request.group ?? "default"
        do {
            if !pendingGroups.contains(group) { _ = try await groups.get(group) }
        } catch let error as HiveKeepError where error.code == .notFound {
            throw HiveKeepError.invalid("the run configuration's group \(group) does not exist here; create it first")
        }
        let reserved = try reservedPorts(except: name)
        let wanted = payload.port
        let portIsFree = wanted != 0 && !reserved.contains(wanted) && PortAllocator.isAvailable(wanted)
        request.proxyPort = portIsFree ? wanted : nil
        if !container {
            for volume in payload.volumes { _ = try VolumeMount(parsing: volume) }
        }
        var builder = WorkloadBuilder(
            request: request, name: name, entry: nil, currentPort: nil, reservedPorts: reserved)
        // As create does: a configuration that asks for a sandbox is a clear 400 where bubblewrap is missing.
        builder.bubblewrapAvailable = (try? Sandbox.locateBubblewrap(environment: environment.values)) != nil
        let built: RunConfig
        do {
            built = try builder.build().config
            try await requireContainerEngine(request: request, entry: nil)
        } catch let error as HiveKeepError where error.code == .invalidArgument {
            throw HiveKeepError(.invalidArgument, "the run configuration is not valid: \(error.message)", cause: error)
        }
        return renamed(payload, to: name, like: built)
    }

    /// `payload` under `name`, with the proxy and target ports of `built` and the standard labels updated.
    private func renamed(_ payload: RunConfig, to name: String, like built: RunConfig) -> RunConfig {
        var config = payload
        config.name = name
        config.baseName = name
        config.containerName = name
        config.port = built.port
        if let targetPort = built.targetPort, config.transport != "stdio", config.remoteURL?.isEmpty ?? true {
            config.targetPort = targetPort
            config.targetHost = config.targetHost ?? built.targetHost
            for variable in ["MCP_PORT", "FASTMCP_PORT"] where config.envVars[variable] != nil {
                config.envVars[variable] = String(targetPort)
            }
        }
        for label in ["toolhive", "toolhive-name", "toolhive-basename", "toolhive-transport", "toolhive-port"] {
            if let value = built.containerLabels[label] { config.containerLabels[label] = value }
        }
        return config
    }
}
