import Foundation
import Testing

@testable import HiveKeepWorkloads

@Suite("doctor: temporaries of interrupted writes")
struct DoctorTemporaryTests {
    /// The pid of a process that has exited and been reaped.
    private func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test(
        "a restore's staging directory or an atomic write's temporary counts as abandoned only when its writer is gone")
    func abandonedOnlyWhenWriterGone() throws {
        let dead = try deadPID()
        let alive = getpid()
        #expect(Doctor.isAbandonedTemporary("/s/.restore-\(dead)-8F1C2E7A-0000-4000-8000-000000000000"))
        #expect(!Doctor.isAbandonedTemporary("/s/.restore-\(alive)-8F1C2E7A-0000-4000-8000-000000000000"))
        #expect(!Doctor.isAbandonedTemporary("/s/.restore-8F1C2E7A-0000-4000-8000-000000000000"), "no pid: unknown")
        #expect(Doctor.isAbandonedTemporary("/s/.config.yaml.\(dead).12345.tmp"))
        #expect(!Doctor.isAbandonedTemporary("/s/.config.yaml.\(alive).12345.tmp"))
        #expect(!Doctor.isAbandonedTemporary("/s/config.yaml"))
    }
}
