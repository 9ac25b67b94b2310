import ArgumentParser
import Foundation
import HiveKeepCore
import HiveKeepKubernetes
import HiveKeepSigning
import HiveKeepStore
import HiveKeepWorkloads

/// `hivekeep export NAME FILE [--sign] [--format json|k8s] [--image IMAGE] [--group]`: writes a workload's run
/// configuration, or its Kubernetes resources, signed or not.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a workload's run configuration (or its Kubernetes resources) to a file.",
        discussion: """
            Secrets appear only as references (NAME,target=VARIABLE); a workload whose configuration holds a secret \
            value is not exported. With --sign the file is a DSSE envelope signed with HiveKeep's key (created on \
            first use; see 'hivekeep keys'), which 'hivekeep import' accepts wherever that key is trusted and \
            'hivekeep verify' checks. Without --sign the file is a plain RunConfig that ToolHive can import too.

            --format k8s writes YAML for the ToolHive operator, one document per resource: an MCPServer (plus an \
            MCPToolConfig for a tool filter), whose secrets are references to key 'value' of a Kubernetes Secret \
            named after each HiveKeep secret (create those Secrets first; the values never leave HiveKeep). With \
            --group, NAME is a group: its MCPGroup and all its workloads. A package workload (uvx://, npx://) needs \
            a container image: the registry's (container_image) or --image.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, k8s }

    @Argument(help: "The workload (or, with --group, the group).")
    var name: String

    @Argument(help: "The file to write (parent directories are created; '-' writes standard output).")
    var file: String

    @Flag(help: "Sign the export with HiveKeep's signing key.")
    var sign = false

    @Option(help: "json (a ToolHive RunConfig) or k8s (ToolHive operator resources).")
    var format: Format = .json

    @Option(help: "k8s: the container image of a package workload.")
    var image: String?

    @Option(help: "k8s: the namespace written into each resource.")
    var namespace: String?

    @Option(name: .customLong("cpu-limit"), help: "k8s: the server container's CPU limit (e.g. 500m).")
    var cpuLimit: String?

    @Option(name: .customLong("memory-limit"), help: "k8s: the server container's memory limit (e.g. 256Mi).")
    var memoryLimit: String?

    @Flag(help: "k8s: NAME is a group; export its MCPGroup and all its workloads.")
    var group = false

    func validate() throws {
        if format == .json, image != nil || namespace != nil || cpuLimit != nil || memoryLimit != nil || group {
            throw ValidationError("--image, --namespace, --cpu-limit, --memory-limit and --group need --format k8s")
        }
    }

    func run() async throws {
        let environment = try CLIEnvironment()
        let service = environment.workloadService()
        var bytes: [UInt8]
        var keyID: String?
        switch format {
        case .json:
            if sign {
                let envelope = try await service.exportSignedRunConfig(name, caller: "cli")
                bytes = try envelope.jsonBytes(pretty: true)
                keyID = envelope.signatures.first?.keyID
            } else {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                bytes = Array(try encoder.encode(try await service.exportRunConfig(name)))
            }
        case .k8s:
            let exporter = KubernetesExporter(
                workloads: service, groups: environment.groupService(), registry: environment.registryService())
            let options = KubernetesExportOptions(
                image: image, namespace: namespace, cpuLimit: cpuLimit, memoryLimit: memoryLimit)
            let manifest =
                group
                ? try await exporter.group(name, options: options) : try await exporter.workload(name, options: options)
            bytes = Array(try manifest.yaml().utf8)
            if sign {
                let envelope = try await environment.signingService().sign(
                    payload: bytes, payloadType: KubernetesManifest.payloadType, caller: "cli")
                bytes = try envelope.jsonBytes(pretty: true)
                keyID = envelope.signatures.first?.keyID
            }
            if !manifest.requiredSecretKeys.isEmpty {
                let needed = manifest.requiredSecretKeys.joined(separator: ", ")
                FileHandle.standardError.write(Data("The cluster needs these Secret keys first: \(needed)\n".utf8))
            }
        }
        if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        guard file != "-" else {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        let path = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        try FileSystem.createDirectory(AtomicFile.parentDirectory(of: path), mode: 0o750)
        try AtomicFile.write(bytes, to: path, mode: 0o600)
        let signed = keyID.map { ", signed with key \($0)" } ?? ""
        let what = format == .k8s ? "Kubernetes resources" : "run configuration"
        print("Successfully exported \(what) for '\(name)' to '\(file)'\(signed)")
    }
}
