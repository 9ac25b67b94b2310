import Foundation
import HiveKeepCore
import HiveKeepStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Workload statuses on disk: `<data>/statuses/<name>.json`, each change made under the file's lock, so the API
/// server, the CLI and the runners (separate processes) never lose one another's updates.
public struct StatusStore: Sendable {
    public let directory: String

    public init(paths: HiveKeepPaths) {
        directory = paths.dataDirectory + "/statuses"
    }

    func path(of name: String) -> String { "\(directory)/\(name).json" }

    /// The record of `name`, or nil when the workload has none.
    public func read(_ name: String) throws -> StatusRecord? {
        guard let bytes = try FileSystem.readFile(path(of: name)) else { return nil }
        do {
            return try Self.decoder.decode(StatusRecord.self, from: Data(bytes))
        } catch {
            throw HiveKeepError(.corruptState, "the status file of workload \(name) is unreadable", cause: error)
        }
    }

    /// Applies `change` to the current record (nil when there is none) under the lock and writes the result;
    /// a nil result deletes the record.
    @discardableResult
    public func update(_ name: String, _ change: (StatusRecord?) throws -> StatusRecord?) throws -> StatusRecord? {
        try FileSystem.createDirectory(directory, mode: 0o700)
        return try FileLock(guarding: path(of: name)).withLock {
            let current = try read(name)
            guard var next = try change(current) else {
                unlink(path(of: name))
                return nil
            }
            next.updatedAt = Date()
            try AtomicFile.write(Array(try Self.encoder.encode(next)), to: path(of: name), mode: 0o600)
            return next
        }
    }

    /// Sets the status (and context) of `name`, keeping the other fields; creates the record when missing.
    @discardableResult
    public func set(
        _ name: String, _ status: WorkloadStatus, context: String? = nil, processID: Int32? = nil, port: Int? = nil,
        wanted: Bool? = nil
    ) throws -> StatusRecord? {
        try update(name) { current in
            var record = current ?? StatusRecord(status: status)
            record.status = status
            record.statusContext = context
            if let processID { record.processID = processID }
            if let port { record.port = port }
            if let wanted { record.wanted = wanted }
            return record
        }
    }

    /// Removes the record of `name`.
    public func remove(_ name: String) throws {
        try update(name) { _ in nil }
        unlink(path(of: name) + ".lock")
    }

    /// The names that have a status record, sorted.
    public func names() throws -> [String] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return entries.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { String($0.dropLast(5)) }.sorted()
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
