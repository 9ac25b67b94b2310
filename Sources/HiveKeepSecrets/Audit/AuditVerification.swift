import Foundation
import HiveKeepCore
import HiveKeepStore

/// Checks the audit log's hash chain.
extension AuditLog {
    /// The result of a verification: how many records were checked, and the first break if any.
    public struct Verification: Sendable, Hashable {
        public var recordCount: Int
        /// One line describing the first broken link (line number and what is wrong), or nil when intact.
        public var problem: String?

        public var isIntact: Bool { problem == nil }

        public init(recordCount: Int, problem: String?) {
            self.recordCount = recordCount
            self.problem = problem
        }
    }

    /// Walks the whole log and reports the first line whose `prev` does not match its predecessor's hash or whose
    /// sequence number does not follow.
    public func verify() throws -> Verification {
        let lines = Self.lines(of: try FileSystem.readFile(path) ?? [])
        var expectedHash = AuditRecord.genesisHash
        for (index, line) in lines.enumerated() {
            guard let record = try? JSONDecoder().decode(AuditRecord.self, from: Data(line)) else {
                return Verification(recordCount: index, problem: "line \(index + 1) is not an audit record")
            }
            guard record.previousHash == expectedHash else {
                return Verification(
                    recordCount: index,
                    problem: "line \(index + 1) does not follow line \(index): a record was edited, inserted or removed"
                )
            }
            guard record.sequence == index + 1 else {
                return Verification(
                    recordCount: index,
                    problem: "line \(index + 1) has sequence number \(record.sequence), expected \(index + 1)"
                )
            }
            expectedHash = try Self.hash(line)
        }
        return Verification(recordCount: lines.count, problem: nil)
    }
}
