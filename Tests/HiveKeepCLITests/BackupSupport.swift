import Foundation
import HiveKeepTestSupport
import Testing

/// An installation in its own temporary directory, driven through the real `hivekeep` binary, sharing the test
/// command's keyring session.
struct BackupInstallation {
    let directory: TemporaryDirectory
    let environment: [String: String]

    init(extra: [String: String] = [:], keyring: Bool = true) throws {
        directory = try TemporaryDirectory(prefix: "hk-backup")
        var variables = extra
        if keyring {
            variables["DBUS_SESSION_BUS_ADDRESS"] = ProcessInfo.processInfo.environment["DBUS_SESSION_BUS_ADDRESS"]
        }
        environment = directory.isolatedEnvironment(extra: variables)
    }

    /// Runs `hivekeep ARGS` to completion.
    @discardableResult
    func run(_ arguments: [String], input: String? = nil) async throws -> (status: Int32, output: String, error: String)
    {
        let process = try ChildProcess(
            try TestProducts.executable("hivekeep"), arguments, environment: environment,
            logDirectory: directory.path, standardInput: input)
        let status = try await process.wait(timeout: .seconds(120))
        return (status, process.output, process.errorOutput)
    }

    /// The regular files under the installation's config, data and state directories, relative to the directory.
    func files() -> [String] {
        var found: [String] = []
        for root in ["config", "data", "state"] {
            let base = directory.child(root)
            guard let walker = FileManager.default.enumerator(atPath: base) else { continue }
            while let path = walker.nextObject() as? String {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: base + "/" + path, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                {
                    found.append(root + "/" + path)
                }
            }
        }
        return found.sorted()
    }

    /// Writes `passphrase` to a 0600 file and returns its path.
    func passphraseFile(_ passphrase: String, name: String = "passphrase", mode: mode_t = 0o600) throws -> String {
        let path = directory.child(name)
        try Data((passphrase + "\n").utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, mode)
        return path
    }
}

/// The byte offsets of a backup archive's parts: the 62-byte header, then chunks framed by a 4-byte length.
enum ArchiveLayout {
    static let headerLength = 62

    /// The start of each chunk frame (its length field) and the end of the archive.
    static func frameStarts(_ archive: [UInt8]) -> [Int] {
        var starts: [Int] = []
        var offset = headerLength
        while offset + 4 <= archive.count {
            starts.append(offset)
            let length = archive[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            offset += 4 + length
        }
        return starts
    }
}
