import HiveKeepCore
import HiveKeepRegistry

/// The container image a workload runs as in a cluster.
///
/// A container image runs as it is. A package (`uvx://`, `npx://`) needs an image that contains it: the one given
/// (`--image`), else the one its registry entry names in `container_image` (HiveKeep's member beside ToolHive's
/// format), else the export fails saying so. A host command (`exec://`) and a remote server cannot run in a cluster.
enum KubernetesImage {
    /// The registry member that names a package entry's container image.
    static let registryMember = "container_image"

    static func resolve(_ config: RunConfig, registry: RegistryDocument?, given: String?) throws -> String {
        if let url = config.remoteURL, !url.isEmpty {
            throw HiveKeepError.invalid(
                "workload \(config.name) is a remote server: there is no server to run in a cluster, so it is not "
                    + "exported as an MCPServer")
        }
        let image = config.image
        if image.hasPrefix("exec://") {
            throw HiveKeepError.invalid(
                "workload \(config.name) runs a host command (exec://), which cannot run in a cluster; package it "
                    + "as a container image and export a workload that runs that image")
        }
        if let given, !given.isEmpty { return given }
        guard image.hasPrefix("uvx://") || image.hasPrefix("npx://") else {
            guard !image.isEmpty else { throw HiveKeepError.invalid("workload \(config.name) names no image") }
            return image
        }
        let entries = registry?.servers.values.filter { $0.image == image } ?? []
        for entry in entries.sorted(by: { $0.image < $1.image }) {
            if case .string(let container)? = entry.extra[registryMember], !container.isEmpty { return container }
        }
        throw HiveKeepError.invalid(
            "workload \(config.name) runs the package \(image), which needs a container image in a cluster, and "
                + "the registry names none for it (\(registryMember)); give one with --image")
    }
}
