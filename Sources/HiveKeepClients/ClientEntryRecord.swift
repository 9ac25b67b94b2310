import Foundation
import HiveKeepCore
import HiveKeepStore

/// The record of the entries HiveKeep wrote into AI clients' files: `<state>/client-entries.json`, mapping each
/// file path to the entry names HiveKeep wrote there and the digest (``ClientEntryDigest``) of what it wrote.
///
/// An entry is HiveKeep's when the record names it and its current digest is still the recorded one. A same-named
/// entry that is not in the record is the user's; one whose digest changed was edited by the user and became theirs.
/// HiveKeep changes and removes only its own. The record holds no secret (a digest of an entry that carries a token
/// does not reveal it). It is read and written under its `FileLock`, atomically, mode 0600. Blocking.
public struct ClientEntryRecord: Sendable {
    /// The record file.
    public let path: String

    public init(path: String) { self.path = path }

    /// The record of the HiveKeep installation at `paths`.
    public init(paths: HiveKeepPaths) { self.init(path: paths.stateDirectory + "/client-entries.json") }

    /// The stored form: file path, then entry name, then digest.
    struct Contents: Codable, Equatable {
        var version = 1
        var files: [String: [String: String]] = [:]

        enum CodingKeys: String, CodingKey {
            case version
            case files
        }
    }

    /// The entries recorded for `file`: name to digest.
    public func entries(of file: String) throws -> [String: String] {
        try load().files[file] ?? [:]
    }

    /// Runs `body` with the entries recorded for `file` while holding the record's lock, and stores what it leaves.
    func update<T>(_ file: String, _ body: (inout [String: String]) throws -> T) throws -> T {
        try FileSystem.createDirectory(AtomicFile.parentDirectory(of: path), mode: 0o700)
        return try FileLock(guarding: path).withLock {
            var contents = try load()
            var entries = contents.files[file] ?? [:]
            let result = try body(&entries)
            let before = contents
            contents.files[file] = entries.isEmpty ? nil : entries
            if contents != before { try save(contents) }
            return result
        }
    }

    private func load() throws -> Contents {
        guard let bytes = try FileSystem.readFile(path) else { return Contents() }
        do {
            return try JSONDecoder().decode(Contents.self, from: Data(bytes))
        } catch {
            throw HiveKeepError(.corruptState, "the record of HiveKeep's client entries \(path) is not valid: \(error)")
        }
    }

    private func save(_ contents: Contents) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try AtomicFile.write(Array(try encoder.encode(contents)) + [0x0A], to: path, mode: 0o600)
    }
}
