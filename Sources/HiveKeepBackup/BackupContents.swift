import HiveKeepCore
import HiveKeepSigning
import Sodium

/// A backup's plaintext: the signed manifest, then every file and secret the manifest lists, in its order.
///
/// Layout of the plaintext (kept in guarded memory, it holds secret values): the DSSE envelope's JSON preceded by its
/// length (4 bytes, big-endian), then the files' bytes and the secrets' bytes back to back, each as long as the
/// manifest says. Nothing else: the signed manifest names and measures every byte that follows.
public struct BackupContents: Sendable {
    /// The signed manifest as carried.
    public var envelope: DSSEEnvelope
    /// The manifest.
    public var manifest: BackupManifest
    /// The files' bytes, in ``BackupManifest/files`` order.
    public var files: [[UInt8]]
    /// The secrets' values, in ``BackupManifest/secrets`` order.
    public var secrets: [SecureBytes]
    /// The key that signed the manifest (verified).
    public var signer: SigningPublicKey

    /// The plaintext of the archive.
    func plaintext() throws -> SecureBytes {
        let envelopeBytes = try envelope.jsonBytes()
        let total = 4 + envelopeBytes.count + files.reduce(0) { $0 + $1.count } + secrets.reduce(0) { $0 + $1.count }
        let out = try SecureBytes(count: total)
        out.withUnsafeMutableBytes { buffer in
            var offset = 0
            func append(_ bytes: UnsafeRawBufferPointer) {
                guard bytes.count > 0, let base = bytes.baseAddress, let target = buffer.baseAddress else { return }
                (target + offset).copyMemory(from: base, byteCount: bytes.count)
                offset += bytes.count
            }
            BackupHeader.bigEndian(UInt64(envelopeBytes.count), width: 4).withUnsafeBytes(append)
            envelopeBytes.withUnsafeBytes(append)
            for file in files { file.withUnsafeBytes(append) }
            for secret in secrets { secret.withUnsafeBytes(append) }
        }
        return out
    }

    /// Parses and verifies a plaintext: the manifest's signature by the key it names, its format version, every
    /// path against ``BackupLayout``, and every file's and secret's length and SHA-256.
    static func verify(_ plaintext: SecureBytes) throws -> BackupContents {
        try plaintext.withUnsafeBytes { buffer -> BackupContents in
            var reader = Reader(buffer: buffer)
            let envelopeLength = Int(BackupHeader.number(try reader.bytes(4), at: 0, width: 4))
            let envelope = try DSSEEnvelope(json: try reader.bytes(envelopeLength))
            let manifest = try BackupManifest.decode(envelope.payload)
            let signer = try SigningPublicKey(pem: manifest.signingKey)
            let verified = try EnvelopeVerifier.verify(
                envelope, payloadType: BackupManifest.payloadType, trustedKeys: [signer])
            guard manifest.formatVersion == Int(BackupHeader.version) else {
                throw HiveKeepError.invalid("the backup manifest has an unsupported format version")
            }
            var files: [[UInt8]] = []
            var seen: Set<String> = []
            for file in manifest.files {
                guard BackupLayout.isAllowed(file.root, file.path), seen.insert("\(file.root)/\(file.path)").inserted
                else {
                    throw HiveKeepError.invalid("the backup lists a file restore will not write: \(file.path)")
                }
                let bytes = try reader.bytes(file.size)
                try check(try BackupDigest.sha256(bytes), file.sha256, "file \(file.path)")
                files.append(bytes)
            }
            // A workload's name becomes a file name on restore: only names whose run configuration is carried.
            let configs = Set(manifest.files.filter { $0.root == .state }.map(\.path))
            for workload in manifest.workloads where !configs.contains("runconfigs/\(workload.name).json") {
                throw HiveKeepError.invalid("the backup lists a workload without its run configuration")
            }
            var secrets: [SecureBytes] = []
            for secret in manifest.secrets {
                let value = try SecureBytes(copying: try reader.slice(secret.size))
                try check(try BackupDigest.sha256(value), secret.sha256, "a secret")
                secrets.append(value)
            }
            guard reader.isAtEnd else {
                throw HiveKeepError.invalid("the backup holds bytes its manifest does not list")
            }
            return BackupContents(
                envelope: envelope, manifest: manifest, files: files, secrets: secrets, signer: verified.signer)
        }
    }

    private static func check(_ digest: String, _ expected: String, _ what: String) throws {
        guard digest == expected else {
            throw HiveKeepError.invalid("the backup's \(what) does not match its signed manifest")
        }
    }

    /// Reads consecutive slices of a buffer, refusing to read past its end.
    private struct Reader {
        let buffer: UnsafeRawBufferPointer
        var offset = 0

        var isAtEnd: Bool { offset == buffer.count }

        mutating func slice(_ count: Int) throws -> UnsafeRawBufferPointer {
            guard count >= 0, count <= buffer.count - offset else {
                throw HiveKeepError.invalid("the backup is shorter than its manifest says")
            }
            defer { offset += count }
            return UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + count])
        }

        mutating func bytes(_ count: Int) throws -> [UInt8] {
            Array(try slice(count))
        }
    }
}
