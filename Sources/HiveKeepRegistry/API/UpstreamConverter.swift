import Foundation
import HiveKeepCore

/// Converts the MCP Registry API's `server.json` documents into ToolHive registry entries, as the reference does:
/// an entry with `remotes` becomes a remote server (its first remote), an entry with exactly one package, an OCI
/// one, becomes an image server, and anything else is skipped. ToolHive's own members (tools, tier, status, tags…)
/// come from the publisher-provided `io.github.stacklok` extensions.
enum UpstreamConverter {
    /// The name prefix tried for a bare server name: `fetch` is looked up as `io.github.stacklok/fetch`.
    static let defaultNamespace = "io.github.stacklok/"

    /// The entry for `item`, or nil when it has neither a remote nor exactly one OCI package.
    static func entry(for item: UpstreamServerList.Item) -> RegistryEntry? {
        let server = item.server
        guard !server.name.isEmpty else { return nil }
        if let remote = server.remotes?.first, let url = remote.url, !url.isEmpty {
            return .remote(remoteServer(server, remote: remote, url: url, status: officialStatus(item)))
        }
        if let packages = server.packages, packages.count == 1, let package = packages.first,
            package.registryType?.lowercased() == "oci", let identifier = package.identifier, !identifier.isEmpty
        {
            return .image(imageServer(server, package: package, identifier: identifier, status: officialStatus(item)))
        }
        return nil
    }

    static func remoteServer(
        _ server: UpstreamServerJSON, remote: UpstreamServerJSON.Remote, url: String, status: String?
    )
        -> RemoteServer
    {
        let extensions = StacklokExtensions.find(in: server.meta, key: url)
        let transport = remote.type.map { $0 == "http" ? "streamable-http" : $0 } ?? "streamable-http"
        var result = RemoteServer(
            base: base(server, transport: transport, extensions: extensions, status: status), url: url,
            headers: remote.headers.map { $0.compactMap(header) }, oauthConfig: extensions.oauthConfig)
        result.name = server.name
        return result
    }

    static func imageServer(
        _ server: UpstreamServerJSON, package: UpstreamServerJSON.Package, identifier: String, status: String?
    ) -> ImageServer {
        let extensions = StacklokExtensions.find(in: server.meta, key: identifier)
        let transport = package.transport?.type ?? "stdio"
        var result = ImageServer(
            base: base(server, transport: transport, extensions: extensions, status: status),
            image: image(identifier, version: package.version), targetPort: port(of: package.transport?.url),
            permissions: extensions.permissions,
            envVars: package.environmentVariables.map { $0.compactMap(envVar) }, args: extensions.args)
        result.proxyPort = extensions.proxyPort
        result.dockerTags = extensions.dockerTags
        result.provenance = extensions.provenance
        result.name = server.name
        return result
    }

    static func base(
        _ server: UpstreamServerJSON, transport: String, extensions: StacklokExtensions, status: String?
    ) -> ServerBase {
        ServerBase(
            name: server.name, description: server.description ?? "", tier: extensions.tier ?? "Community",
            status: extensions.status ?? status ?? "Active", transport: transport, tools: extensions.tools ?? [],
            metadata: extensions.metadata, repositoryURL: server.repository?.url, tags: extensions.tags,
            customMetadata: extensions.customMetadata)
    }

    /// `identifier` with `:version` appended when it names no tag or digest of its own.
    static func image(_ identifier: String, version: String?) -> String {
        guard let version, !version.isEmpty, !identifier.contains("@"),
            !(identifier.split(separator: "/").last ?? "").contains(":")
        else { return identifier }
        return "\(identifier):\(version)"
    }

    /// The port of a transport URL such as `http://localhost:8080/mcp`.
    static func port(of url: String?) -> Int? {
        guard let url else { return nil }
        // Template variables such as `{port}` are not valid in a URL; such a port is unknown.
        return URLComponents(string: url)?.port
    }

    /// The official registry's status (`active`, `deprecated`) in the ToolHive spelling.
    static func officialStatus(_ item: UpstreamServerList.Item) -> String? {
        guard case .string(let status) = item.official("status"), let first = status.first else { return nil }
        return first.uppercased() + status.dropFirst().lowercased()
    }

    static func envVar(_ input: UpstreamServerJSON.Input) -> EnvVarSpec? {
        guard let name = input.name, !name.isEmpty else { return nil }
        return EnvVarSpec(
            name: name, description: input.description ?? "", required: input.isRequired ?? false,
            defaultValue: input.default, secret: input.isSecret)
    }

    static func header(_ input: UpstreamServerJSON.Input) -> HeaderSpec? {
        guard let name = input.name, !name.isEmpty else { return nil }
        var header = HeaderSpec(
            name: name, description: input.description ?? "", required: input.isRequired ?? false,
            secret: input.isSecret)
        header.defaultValue = input.default
        header.choices = input.choices
        return header
    }
}
