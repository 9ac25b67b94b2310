import Foundation
import HiveKeepCore
import HiveKeepStore
import Sodium

/// Checks the audit log's chain, across its rotated files.
extension AuditLog {
    /// The result of a verification: how many records were checked, and the first bad one if any.
    public struct Verification: Sendable, Hashable {
        public var recordCount: Int
        /// One line naming the first bad record (its sequence number, file and line) and what is wrong, or nil.
        public var problem: String?
        /// The sequence number of the first record checked: 1, or more when the oldest files were rotated away.
        public var firstSequence: Int
        /// The sequence number of the first keyed record, or nil when no record is keyed.
        public var keyedFrom: Int?

        public var isIntact: Bool { problem == nil }

        public init(recordCount: Int, problem: String?, firstSequence: Int = 1, keyedFrom: Int? = nil) {
            self.recordCount = recordCount
            self.problem = problem
            self.firstSequence = firstSequence
            self.keyedFrom = keyedFrom
        }
    }

    /// Walks every file of the log, oldest first, and reports the first record that does not link to the line
    /// before it (plain BLAKE2b for unkeyed records, keyed for keyed ones), whose own MAC is wrong, that is unkeyed
    /// after keyed ones, or whose sequence number does not follow. The first record may link to a rotated-away line.
    /// With a key, a log without any keyed record is refused too (it was rewritten without the key). Removing the
    /// newest records is not detected: nothing outside the log records how long it was.
    ///
    /// - Parameter key: the audit key; ``key``'s current value when nil.
    /// - Throws: `.unavailable` when a record is keyed and no key is known: it cannot be checked.
    public func verify(key given: SecureBytes? = nil) throws -> Verification {
        let key = given ?? self.key.current
        var result = Verification(recordCount: 0, problem: nil)
        var previous: (line: [UInt8], sequence: Int)?
        for file in rotation.existingFiles(of: path) {
            for (index, line) in Self.lines(of: try FileSystem.readFile(file) ?? []).enumerated() {
                let place = "\(file) line \(index + 1)"
                guard let record = try? JSONDecoder().decode(AuditRecord.self, from: Data(line)) else {
                    result.problem = "\(place) is not an audit record"
                    return result
                }
                let name = "record \(record.sequence) (\(place))"
                if previous == nil, record.previousHash != AuditRecord.genesisHash, file == path, rotation.keep > 0 {
                    // Only rotation removes the start of the chain, and then the oldest file is a rotated one.
                    result.problem = "record \(record.sequence) (\(place)) starts the log but follows a missing record"
                    return result
                }
                if let problem = try Self.problem(with: record, line: line, after: previous, key: key, result: &result)
                {
                    result.problem = "\(name) \(problem)"
                    return result
                }
                previous = (line, record.sequence)
                result.recordCount += 1
            }
        }
        if key != nil, result.keyedFrom == nil, result.recordCount > 0 {
            // Creating the key is followed at once by a keyed record: a log with none was rewritten without it.
            result.problem = "no record is keyed although the audit key exists: the log was rewritten without the key"
        }
        return result
    }

    /// What is wrong with `record` (written as `line`) after `previous`, or nil.
    private static func problem(
        with record: AuditRecord, line: [UInt8], after previous: (line: [UInt8], sequence: Int)?, key: SecureBytes?,
        result: inout Verification
    ) throws -> String? {
        if let previous, record.sequence != previous.sequence + 1 {
            return "has sequence number \(record.sequence), expected \(previous.sequence + 1)"
        }
        if previous == nil {
            result.firstSequence = record.sequence
            if record.previousHash == AuditRecord.genesisHash, record.sequence != 1 {
                return "starts the log but has sequence number \(record.sequence)"
            }
        }
        guard record.mac != nil else {
            if result.keyedFrom != nil {
                return "is not keyed but follows keyed records: written without the audit key, or forged"
            }
            let expected = try previous.map { try hash($0.line) } ?? AuditRecord.genesisHash
            guard previous == nil || record.previousHash == expected else {
                return "does not follow the record before it: a record was edited, inserted or removed"
            }
            return nil
        }
        guard let key else {
            throw HiveKeepError(
                .unavailable,
                "the audit log is keyed from record \(record.sequence): checking it needs the audit key, kept in the "
                    + "secrets store, which cannot be read here")
        }
        if result.keyedFrom == nil { result.keyedFrom = record.sequence }
        guard Array(try encoder.encode(expectingMAC(record, key: key))) == line else {
            return "has a wrong MAC: it was edited"
        }
        if let previous, record.previousHash != (try hash(previous.line, key: key)) {
            return "does not follow the record before it: a record was edited, inserted or removed"
        }
        return nil
    }

    /// `record` with the MAC it should have for its own fields (its link taken as written).
    private static func expectingMAC(_ record: AuditRecord, key: SecureBytes) throws -> AuditRecord {
        var record = record
        record.mac = nil
        record.mac = try hash(Array(try encoder.encode(record)), key: key)
        return record
    }
}
