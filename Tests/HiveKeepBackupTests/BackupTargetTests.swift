import Foundation
import HiveKeepCore
import HiveKeepStore
import Testing

@testable import HiveKeepBackup

/// Where a restore reads and writes: never through a symbolic link planted in the installation, and only a bounded
/// regular file as the archive.
@Suite("backup restore targets")
struct BackupTargetTests {
    /// A fresh installation's three directories under a temporary directory, and that directory.
    private func installation() throws -> (paths: HiveKeepPaths, base: String) {
        let base = NSTemporaryDirectory() + "/hk-targets-\(UUID().uuidString)"
        let paths = HiveKeepPaths(
            configDirectory: base + "/config", dataDirectory: base + "/data", stateDirectory: base + "/state")
        for directory in [paths.configDirectory, paths.dataDirectory, paths.stateDirectory, base + "/elsewhere"] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        return (paths, base)
    }

    private func file(_ root: BackupManifest.Root, _ path: String) -> BackupManifest.File {
        .init(root: root, path: path, size: 0, sha256: "")
    }

    @Test("a link where a carried directory, file or status goes is refused; plain paths and linked roots are not")
    func linksRefused() throws {
        let (paths, base) = try installation()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let files = [file(.config, "config.yaml"), file(.state, "runconfigs/w.json")]
        let workloads = [BackupManifest.Workload(name: "w", wanted: true)]
        #expect(BackupTargets.links(files, workloads: workloads, in: paths) == [])

        try FileManager.default.createSymbolicLink(
            atPath: paths.stateDirectory + "/runconfigs", withDestinationPath: base + "/elsewhere")
        try FileManager.default.createSymbolicLink(
            atPath: paths.configDirectory + "/config.yaml", withDestinationPath: base + "/elsewhere/secret")
        try FileManager.default.createDirectory(
            atPath: paths.dataDirectory + "/statuses", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: paths.dataDirectory + "/statuses/w.json", withDestinationPath: base + "/elsewhere/status")
        #expect(
            BackupTargets.links(files, workloads: workloads, in: paths) == [
                paths.configDirectory + "/config.yaml", paths.stateDirectory + "/runconfigs",
                paths.dataDirectory + "/statuses/w.json",
            ])
        let error = #expect(throws: HiveKeepError.self) {
            try BackupTargets.checkNoLinks(files, workloads: workloads, in: paths)
        }
        #expect(error?.message.contains("symbolic links") == true)

        // A root directory that is itself a link is the operator's choice: accepted.
        let linked = HiveKeepPaths(
            configDirectory: base + "/config-link", dataDirectory: base + "/data-link",
            stateDirectory: base + "/state-link")
        for (link, target) in [
            (linked.configDirectory, base + "/elsewhere"), (linked.dataDirectory, base + "/elsewhere"),
            (linked.stateDirectory, base + "/elsewhere"),
        ] {
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        }
        #expect(BackupTargets.links([file(.data, "groups/g.json")], workloads: [], in: linked) == [])
    }

    @Test("the archive is read only from a regular file no larger than the limit")
    func archiveReadBounded() throws {
        let (_, base) = try installation()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let plain = base + "/a.hkb"
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: plain))
        #expect(try BackupArchive.read(path: plain) == [1, 2, 3])

        let fifo = base + "/pipe.hkb"
        #expect(mkfifo(fifo, 0o600) == 0)
        let notRegular = #expect(throws: HiveKeepError.self) { try BackupArchive.read(path: fifo) }
        #expect(notRegular?.message.contains("not a regular file") == true)

        let huge = base + "/huge.hkb"
        #expect(FileManager.default.createFile(atPath: huge, contents: nil))
        #expect(truncate(huge, off_t(BackupArchive.maximumSize + 1)) == 0)  // sparse: no disk used
        let tooLarge = #expect(throws: HiveKeepError.self) { try BackupArchive.read(path: huge) }
        #expect(tooLarge?.message.contains("larger than a backup archive") == true)

        let missing = #expect(throws: HiveKeepError.self) { try BackupArchive.read(path: base + "/none.hkb") }
        #expect(missing?.code == .notFound)
    }
}
