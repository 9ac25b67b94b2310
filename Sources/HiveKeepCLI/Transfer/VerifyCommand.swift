import ArgumentParser
import Foundation
import HiveKeepCore
import HiveKeepSigning

/// `hivekeep verify FILE`: checks a HiveKeep envelope against the trust store and prints its payload.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a signed HiveKeep file against the trusted keys and print what it carries.",
        discussion: """
            FILE is a DSSE envelope made by 'hivekeep export --sign' (a run configuration or Kubernetes resources). \
            It verifies when a key in the trust store (or HiveKeep's own key) signed it; the payload is then \
            written to standard output and the signer to standard error. Anything else fails and prints nothing.
            """)

    /// The payload types HiveKeep signs.
    static let payloadTypes = [DSSE.runConfigPayloadType, "application/vnd.hivekeep.k8s-manifest+yaml"]

    @Argument(help: "The signed file ('-' reads standard input).")
    var file: String

    func run() async throws {
        let bytes: Data
        if file == "-" {
            bytes = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let read = FileManager.default.contents(atPath: file) else {
                throw HiveKeepError.invalid("cannot read \(file)")
            }
            bytes = read
        }
        let envelope: DSSEEnvelope
        do {
            envelope = try DSSEEnvelope(json: Array(bytes))
        } catch {
            throw HiveKeepError.invalid("\(file) is not a signed HiveKeep file (a DSSE envelope)")
        }
        guard Self.payloadTypes.contains(envelope.payloadType) else {
            throw HiveKeepError.invalid(
                "\(file) carries payload type '\(envelope.payloadType.prefix(80))', which HiveKeep does not sign "
                    + "(it signs \(Self.payloadTypes.joined(separator: ", ")))")
        }
        let verified = try await CLIEnvironment().signingService().verify(
            envelope, payloadType: envelope.payloadType)
        FileHandle.standardError.write(
            Data("Verified: \(verified.payloadType), signed by key \(verified.signer.keyID)\n".utf8))
        var payload = verified.payload
        if payload.last != UInt8(ascii: "\n") { payload.append(UInt8(ascii: "\n")) }
        FileHandle.standardOutput.write(Data(payload))
    }
}
