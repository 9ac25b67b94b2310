import HiveKeepCore
import HiveKeepRegistry
import HiveKeepRuntime

extension WorkloadBuilder {
    /// Whether `config` runs as a container: a local workload whose image is no `uvx://`, `npx://` or `exec://`
    /// reference (the builder has checked it is an OCI reference).
    static func isContainer(_ config: RunConfig) -> Bool {
        guard config.remoteURL?.isEmpty ?? true else { return false }
        return runsAsContainer(image: config.image)
    }

    /// Whether `image` (not empty) is neither a `uvx://`, `npx://` nor `exec://` reference, well-formed or not.
    static func runsAsContainer(image: String) -> Bool {
        guard !image.isEmpty else { return false }
        do {
            return try WorkloadCommand(image: image) == nil
        } catch {
            return false
        }
    }

    /// A container's permissions: the profile's read and write paths and the `volumes` become bind mounts (checked
    /// by ``ContainerMounts``), `network_isolation` no network at all; outbound host or port rules are refused as
    /// for processes (no egress proxy), and so is a privileged profile (HiveKeep never runs privileged containers).
    /// An sse or streamable-http container cannot be isolated: its published port needs the engine's network.
    func applyContainerPermissions(to config: inout RunConfig) throws {
        let profile = request.permissionProfile ?? registryContainerProfile ?? PermissionProfile.network
        if profile.privileged == true {
            throw HiveKeepError.invalid(
                "permission profile privileged is not supported: HiveKeep never runs a privileged container")
        }
        config.permissionProfile = profile
        config.volumes = request.volumes ?? []
        config.isolateNetwork = request.networkIsolation
        _ = try ContainerMounts.mounts(for: config)
        let outbound = profile.network?.outbound
        try SandboxPolicy.checkOutboundRules(
            allowHosts: outbound?.allowHost ?? [], allowPorts: outbound?.allowPort ?? [],
            insecureAllowAll: outbound?.insecureAllowAll ?? false)
        if config.isolateNetwork == true, config.transport != "stdio" {
            throw HiveKeepError.invalid(
                "network_isolation cannot be used with a \(config.transport) container: its port is published "
                    + "through the engine's network, which an isolated container does not have; use the stdio "
                    + "transport or turn network_isolation off")
        }
        try applySandboxChoice(to: &config)
    }

    private var registryContainerProfile: PermissionProfile? {
        guard case .image(let server) = entry else { return nil }
        return server.permissions
    }
}
