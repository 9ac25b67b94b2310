import HiveKeepCore
import HiveKeepRegistry
import HiveKeepRuntime

extension WorkloadBuilder {
    /// The tool filter and overrides, checked against the registry's tool list when it has one.
    func applyTools(to config: inout RunConfig) throws {
        let overrides = request.toolsOverride ?? [:]
        let known = registryTools
        for (tool, override) in overrides {
            guard nonEmpty(override.name) != nil || nonEmpty(override.description) != nil else {
                throw HiveKeepError.invalid("tool override for \(tool) must have either name or description set")
            }
            if let known, !known.contains(tool) {
                throw HiveKeepError.invalid("tool \(tool) in tools_override not found in registry")
            }
        }
        let renamed = Dictionary(
            overrides.compactMap { real, override in override.name.map { ($0, real) } }, uniquingKeysWith: { a, _ in a }
        )
        for tool in request.tools ?? [] {
            guard !tool.isEmpty else { throw HiveKeepError.invalid("tools cannot contain an empty name") }
            if let known, !known.contains(renamed[tool] ?? tool) {
                throw HiveKeepError.invalid("tool \(tool) not found in registry")
            }
        }
        config.toolsFilter = request.tools ?? []
        config.toolsOverride = overrides
    }

    private var registryTools: Set<String>? {
        guard case .image(let server) = entry, !server.base.tools.isEmpty else { return nil }
        return Set(server.base.tools)
    }

    /// Plain variables, secret references, the registry's rules (required, secret, default) and MCP_* variables.
    func applyEnvironment(to config: inout RunConfig, pending: inout [PendingSecret]) throws {
        var variables = request.envVars ?? [:]
        var references = try (request.secrets ?? []).map { reference -> SecretReference in
            guard !reference.name.isEmpty, !reference.target.isEmpty else {
                throw HiveKeepError.invalid("a secret reference needs both name and target")
            }
            try EnvironmentName.check(reference.target)
            return reference
        }
        for name in variables.keys { try EnvironmentName.check(name) }
        if request.allowLoaderEnv != true {
            try LoaderVariables.refuse(Array(variables.keys) + references.map(\.target))
        }
        config.allowLoaderEnv = request.allowLoaderEnv == true ? true : nil
        for spec in registryVariables {
            let supplied = variables[spec.name] != nil || references.contains { $0.target == spec.name }
            if spec.secret == true, let value = variables.removeValue(forKey: spec.name) {
                let key = "\(name)-\(spec.name.lowercased())"
                pending.append(PendingSecret(key: key, variable: spec.name, value: value))
                references.removeAll { $0.target == spec.name }
                references.append(SecretReference(name: key, target: spec.name))
            } else if !supplied, spec.required || spec.secret == true {
                throw HiveKeepError.invalid("missing required environment variable: \(spec.name)")
            } else if !supplied, let value = spec.defaultValue, !value.isEmpty {
                variables[spec.name] = value
            }
        }
        variables["MCP_TRANSPORT"] = config.transport
        if let port = config.targetPort {
            variables["MCP_PORT"] = String(port)
            variables["FASTMCP_PORT"] = String(port)
            // A container's server listens on all its interfaces: the engine publishes the port on loopback.
            variables["MCP_HOST"] = Self.isContainer(config) ? "0.0.0.0" : config.targetHost ?? "127.0.0.1"
        }
        config.envVars = variables
        config.secrets = references.map(\.stored)
    }

    private var registryVariables: [EnvVarSpec] {
        switch entry {
        case .image(let server): server.envVars ?? []
        case .remote(let server): server.envVars ?? []
        case nil: []
        }
    }

    /// The permission profile (request, registry, or the open `network` default), volumes folded in, and the
    /// sandbox rules HiveKeep can enforce: every profile path must be one the runner can bind, outbound host or port
    /// rules are refused (there is no egress proxy), and a local server that listens on a port cannot be isolated
    /// from the network (the proxy could not reach it).
    func applyPermissions(to config: inout RunConfig) throws {
        if Self.isContainer(config) {
            try applyContainerPermissions(to: &config)
            return
        }
        var profile = request.permissionProfile ?? registryProfile ?? PermissionProfile.network
        for volume in request.volumes ?? [] {
            let mount = try VolumeMount(parsing: volume)
            if mount.readOnly {
                profile.read = (profile.read ?? []) + [mount.stored]
            } else {
                profile.write = (profile.write ?? []) + [mount.stored]
            }
        }
        config.volumes = request.volumes ?? []
        config.permissionProfile = profile
        config.isolateNetwork = request.networkIsolation
        _ = try SandboxProfile.policy(for: profile, isolateNetwork: config.isolateNetwork == true)
        let outbound = profile.network?.outbound
        try SandboxPolicy.checkOutboundRules(
            allowHosts: outbound?.allowHost ?? [], allowPorts: outbound?.allowPort ?? [],
            insecureAllowAll: outbound?.insecureAllowAll ?? false)
        let local = config.remoteURL == nil
        if config.isolateNetwork == true, local, config.transport != "stdio" {
            throw HiveKeepError.invalid(
                "network_isolation cannot be used with a local \(config.transport) server: it listens on a port "
                    + "inside the sandbox's own network, which the proxy cannot reach; use the stdio transport or "
                    + "turn network_isolation off")
        }
        try applySandboxChoice(to: &config)
    }

    /// The `sandbox` extension field: `"bubblewrap"` (or nothing) sandboxes a local command, `"none"` is accepted
    /// for an `exec://` command only (an admin's opt-out; `uvx://` and `npx://` servers are always sandboxed).
    /// A local command that will be sandboxed needs bubblewrap on this machine.
    func applySandboxChoice(to config: inout RunConfig) throws {
        let command = config.remoteURL == nil ? try WorkloadCommand(image: config.image) : nil
        switch request.sandbox {
        case nil, "", "bubblewrap":
            config.sandbox = nil
        case "none":
            guard case .exec = command else {
                throw HiveKeepError.invalid(
                    "sandbox \"none\" is only possible for exec:// workloads: uvx:// and npx:// servers always run in "
                        + "the sandbox")
            }
            config.sandbox = "none"
        case let other?:
            throw HiveKeepError.invalid("sandbox '\(other)' is not supported: use \"bubblewrap\" or \"none\"")
        }
        if request.allowInstallScripts == true {
            guard case .npx = command else {
                throw HiveKeepError.invalid("allow_install_scripts applies to npx:// workloads only")
            }
            config.allowInstallScripts = true
        } else {
            config.allowInstallScripts = nil
        }
        if command != nil, config.sandbox != "none", !bubblewrapAvailable {
            throw HiveKeepError.invalid(
                "\(config.image) runs in a sandbox but bubblewrap (bwrap) is not installed: install the bubblewrap "
                    + "package")
        }
    }

    private var registryProfile: PermissionProfile? {
        guard case .image(let server) = entry else { return nil }
        return server.permissions
    }
}
