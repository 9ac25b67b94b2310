import HiveKeepCore
import Sodium

/// The encrypted archive: ``BackupHeader``, then the plaintext of ``BackupContents`` as secretstream chunks, each
/// preceded by its ciphertext length (4 bytes, big-endian). The first chunk authenticates the header as associated
/// data; the last is tagged final, and nothing may follow it. A cut anywhere, a changed byte anywhere, a wrong
/// passphrase: each is refused before any plaintext is used.
public enum BackupArchive {
    /// Plaintext bytes per chunk.
    static let chunkSize = 64 * 1024
    /// The largest archive read, in bytes.
    public static let maximumSize = 256 * 1024 * 1024
    /// The shortest passphrase accepted, in bytes.
    public static let minimumPassphraseLength = 12

    /// Encrypts `contents` under `passphrase` (Argon2id with `limits`).
    public static func seal(
        _ contents: BackupContents, passphrase: SecureBytes, limits: Argon2Limits = .moderate
    ) throws -> [UInt8] {
        try checkPassphrase(passphrase)
        let salt = try PasswordHash.randomSalt()
        let key = try PasswordHash.deriveKey(
            password: passphrase, salt: salt, outputLength: SecretStream.keyLength, limits: limits)
        let encryptor = try SecretStream.Encryptor(key: key)
        let header = BackupHeader(limits: limits, salt: salt, streamHeader: encryptor.header).bytes
        let plaintext = try contents.plaintext()
        var archive = header
        try plaintext.withUnsafeBytes { buffer in
            var offset = 0
            repeat {
                let end = min(offset + chunkSize, buffer.count)
                let chunk = try encryptor.push(
                    UnsafeRawBufferPointer(rebasing: buffer[offset..<end]),
                    tag: end == buffer.count ? .final : .message,
                    associatedData: offset == 0 ? header : [])
                archive += BackupHeader.bigEndian(UInt64(chunk.count), width: 4) + chunk
                offset = end
            } while offset < buffer.count
        }
        return archive
    }

    /// Decrypts and verifies `archive` (see ``BackupContents/verify(_:)``); nothing is returned unless every chunk
    /// authenticates, the final chunk is the last, and the signed manifest accounts for every byte.
    public static func open(_ archive: [UInt8], passphrase: SecureBytes) throws -> BackupContents {
        guard archive.count <= maximumSize else {
            throw HiveKeepError.invalid("the backup archive is larger than \(maximumSize / 1024 / 1024) MiB")
        }
        let header = try BackupHeader(parsing: archive)
        let frames = try self.frames(of: archive)
        let key = try header.key(passphrase: passphrase)
        let decryptor = try SecretStream.Decryptor(key: key, header: header.streamHeader)
        let total = frames.reduce(0) { $0 + $1.count - SecretStream.overhead }
        let plaintext = try SecureBytes(count: total)
        var offset = 0
        for (index, frame) in frames.enumerated() {
            let chunk: (plaintext: SecureBytes, tag: SecretStream.Tag)
            do {
                chunk = try decryptor.pull(
                    Array(archive[frame]), associatedData: index == 0 ? Array(archive[0..<BackupHeader.length]) : [])
            } catch {
                throw HiveKeepError.invalid(
                    index == 0
                        ? "cannot decrypt the backup: wrong passphrase, or the archive was modified"
                        : "the backup archive was modified (chunk \(index + 1) does not authenticate)")
            }
            guard chunk.tag == .message || index == frames.count - 1 else {
                throw HiveKeepError.invalid("the backup archive has data after its final chunk")
            }
            copy(chunk.plaintext, into: plaintext, at: offset)
            offset += chunk.plaintext.count
        }
        guard decryptor.isFinished else {
            throw HiveKeepError.invalid("the backup archive is truncated: its final chunk is missing")
        }
        return try BackupContents.verify(plaintext)
    }

    /// Refuses an empty or short passphrase.
    public static func checkPassphrase(_ passphrase: SecureBytes) throws {
        guard passphrase.count >= minimumPassphraseLength else {
            throw HiveKeepError.invalid(
                "the backup passphrase must be at least \(minimumPassphraseLength) bytes long")
        }
    }

    /// The byte ranges of the chunks; refuses a frame that runs past the end (a cut archive) or a stream with none.
    private static func frames(of archive: [UInt8]) throws -> [Range<Int>] {
        var frames: [Range<Int>] = []
        var offset = BackupHeader.length
        while offset < archive.count {
            guard archive.count - offset >= 4 else {
                throw HiveKeepError.invalid("the backup archive is truncated inside a chunk header")
            }
            let length = Int(BackupHeader.number(archive, at: offset, width: 4))
            guard length >= SecretStream.overhead, length <= chunkSize + SecretStream.overhead else {
                throw HiveKeepError.invalid("the backup archive is damaged: a chunk has an impossible length")
            }
            guard length <= archive.count - offset - 4 else {
                throw HiveKeepError.invalid("the backup archive is truncated inside a chunk")
            }
            frames.append(offset + 4..<offset + 4 + length)
            offset += 4 + length
        }
        guard !frames.isEmpty else {
            throw HiveKeepError.invalid("the backup archive is truncated: it holds no data")
        }
        return frames
    }

    private static func copy(_ chunk: SecureBytes, into target: SecureBytes, at offset: Int) {
        chunk.withUnsafeBytes { source in
            target.withUnsafeMutableBytes { buffer in
                guard let base = source.baseAddress, let destination = buffer.baseAddress else { return }
                (destination + offset).copyMemory(from: base, byteCount: source.count)
            }
        }
    }
}
