import ArgumentParser
import Foundation
import HiveKeepCore
import HiveKeepSigning
import HiveKeepStore
import HiveKeepWorkloads

/// `hivekeep export NAME FILE [--sign]`: writes a workload's run configuration, signed or not.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a workload's run configuration to a file (ToolHive's RunConfig format).",
        discussion: """
            Secrets appear only as references (NAME,target=VARIABLE); a workload whose configuration holds a secret \
            value is not exported. With --sign the file is a DSSE envelope signed with HiveKeep's key (created on \
            first use; see 'hivekeep keys'), which 'hivekeep import' accepts wherever that key is trusted. Without \
            --sign the file is a plain RunConfig that ToolHive can import too.
            """)

    @Argument(help: "The workload.")
    var name: String

    @Argument(help: "The file to write (parent directories are created; '-' writes standard output).")
    var file: String

    @Flag(help: "Sign the export with HiveKeep's signing key.")
    var sign = false

    func run() async throws {
        let service = try CLIEnvironment().workloadService()
        var bytes: [UInt8]
        var keyID: String?
        if sign {
            let envelope = try await service.exportSignedRunConfig(name, caller: "cli")
            bytes = try envelope.jsonBytes(pretty: true)
            keyID = envelope.signatures.first?.keyID
        } else {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            bytes = Array(try encoder.encode(try await service.exportRunConfig(name)))
        }
        bytes.append(UInt8(ascii: "\n"))
        guard file != "-" else {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        let path = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        try FileSystem.createDirectory(AtomicFile.parentDirectory(of: path), mode: 0o750)
        try AtomicFile.write(bytes, to: path, mode: 0o600)
        let signed = keyID.map { ", signed with key \($0)" } ?? ""
        print("Successfully exported run configuration for '\(name)' to '\(file)'\(signed)")
    }
}
