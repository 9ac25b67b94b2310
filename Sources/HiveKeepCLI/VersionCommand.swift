import ArgumentParser
import HiveKeepCore

/// `hivekeep version`: prints the version of this build.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print HiveKeep's version.")

    func run() {
        print(HiveKeepVersion.current)
    }
}
