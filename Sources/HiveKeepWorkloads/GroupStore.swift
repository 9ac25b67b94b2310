import Foundation
import HiveKeepCore
import HiveKeepStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The groups on disk, one JSON file per group in `<data>/groups/`, with blocking calls.
///
/// Creating a group is atomic across threads and processes without a lock: the file is written in full to a
/// temporary name and then `link`ed to its final name, which fails with `EEXIST` when the group exists, so exactly
/// one of several identical creates wins and nobody ever reads a half-written group. Changes to an existing group
/// (its clients, its deletion) take one directory-wide `FileLock` and re-read under it.
public struct GroupStore: Sendable {
    /// The directory holding the group files.
    public let directory: String
    private let lock: FileLock

    public init(directory: String) {
        self.directory = directory
        self.lock = FileLock(guarding: directory + "/.groups")
    }

    /// The store under HiveKeep's data directory.
    public init(paths: HiveKeepPaths) {
        self.init(directory: paths.dataDirectory + "/groups")
    }

    func path(of name: String) -> String { "\(directory)/\(name).json" }

    /// Creates `group`; throws `.alreadyExists` when a group of that name exists.
    public func create(_ group: Group) throws {
        try FileSystem.createDirectory(directory, mode: 0o700)
        let temporary = "\(directory)/.\(UUID().uuidString).tmp"
        try AtomicFile.write(try Self.encode(group), to: temporary, mode: 0o600)
        defer { unlink(temporary) }
        if link(temporary, path(of: group.name)) != 0 {
            let code = errno
            if code == EEXIST { throw HiveKeepError(.alreadyExists, "group already exists: \(group.name)") }
            throw HiveKeepError(.unavailable, "cannot create group \(group.name): \(String(cString: strerror(code)))")
        }
        try AtomicFile.syncDirectory(directory)
    }

    /// Creates the `default` group when it is missing.
    public func ensureDefault() throws {
        guard try load(Group.defaultName) == nil else { return }
        do {
            try create(Group(name: Group.defaultName))
        } catch let error as HiveKeepError where error.code == .alreadyExists {
            return
        }
    }

    /// The group named `name`, or nil.
    public func load(_ name: String) throws -> Group? {
        guard let bytes = try FileSystem.readFile(path(of: name)) else { return nil }
        do {
            return try JSONDecoder().decode(Group.self, from: Data(bytes))
        } catch {
            throw HiveKeepError(.corruptState, "group file \(path(of: name)) is not valid", cause: error)
        }
    }

    /// Every group, sorted by name.
    public func list() throws -> [Group] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return try names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
            .map { String($0.dropLast(".json".count)) }
            .sorted()
            .compactMap { try load($0) }
    }

    /// Applies `change` to the group named `name` under the lock; throws `.notFound` when it does not exist.
    @discardableResult
    public func update(_ name: String, _ change: (inout Group) throws -> Void) throws -> Group {
        try FileSystem.createDirectory(directory, mode: 0o700)
        return try lock.withLock {
            guard var group = try load(name) else { throw HiveKeepError.notFound("group not found: \(name)") }
            let before = group
            try change(&group)
            if group != before { try AtomicFile.write(try Self.encode(group), to: path(of: name), mode: 0o600) }
            return group
        }
    }

    /// Removes the group named `name`; throws `.notFound` when it does not exist.
    public func delete(_ name: String) throws {
        try FileSystem.createDirectory(directory, mode: 0o700)
        try lock.withLock {
            guard unlink(path(of: name)) == 0 else {
                if errno == ENOENT { throw HiveKeepError.notFound("group not found: \(name)") }
                throw HiveKeepError(.unavailable, "cannot delete group \(name): \(String(cString: strerror(errno)))")
            }
            try AtomicFile.syncDirectory(directory)
        }
    }

    static func encode(_ group: Group) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(group)) + [UInt8(ascii: "\n")]
    }
}
