import Foundation
import HiveKeepTestSupport
import Testing

@testable import HiveKeepWorkloads

@Suite("Log tail")
struct LogTailTests {
    func tail(_ text: String, lines: Int, cap: Int = 8192, scan: Int = 4 << 20) throws -> String {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.child("x.log")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        return try LogTail.read(fd: fd, lines: lines, maximumLineBytes: cap, maximumScan: scan)
    }

    @Test("the last lines, with or without a final newline, from a file much larger than one chunk")
    func lastLines() throws {
        let many = (1...20000).map { "line \($0)" }.joined(separator: "\n")
        #expect(try tail(many + "\n", lines: 3) == "line 19998\nline 19999\nline 20000\n")
        #expect(try tail(many, lines: 2) == "line 19999\nline 20000\n")
        #expect(try tail("a\nb\n", lines: 100) == "a\nb\n")
        #expect(try tail("\n\nz\n", lines: 100) == "\n\nz\n")
        #expect(try tail("", lines: 5) == "")
    }

    @Test("a line longer than the cap is cut and says how much was left out")
    func longLine() throws {
        let reply = try tail("first\n" + String(repeating: "y", count: 50_000) + "\nlast\n", lines: 3, cap: 100)
        let lines = reply.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0] == "first" && lines[2] == "last")
        #expect(lines[1] == String(repeating: "y", count: 100) + " [... 49900 more bytes left out]")
    }

    @Test("a line whose start lies beyond the scan limit shows only its end; the scan stops there")
    func unboundedLine() throws {
        let reply = try tail(String(repeating: "z", count: 3_000_000) + "\nend\n", lines: 100, cap: 64, scan: 200_000)
        let lines = reply.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0] == "[... earlier part of the line left out] " + String(repeating: "z", count: 64))
        #expect(lines[1] == "end")
    }
}
