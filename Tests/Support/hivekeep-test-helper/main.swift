// A helper executable for tests that need a second process: concurrent writers, a scrubbed environment.
// Usage: hivekeep-test-helper <command> [arguments...]
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    FileHandle.standardError.write(Data("usage: hivekeep-test-helper <command> [arguments...]\n".utf8))
    exit(64)
}
let rest = Array(arguments.dropFirst())
switch command {
case "config-stress":
    exit(runConfigStress(rest))
case "vault-writer":
    exit(runVaultWriter(rest))
case "keyring-probe":
    exit(runKeyringProbe(rest))
default:
    FileHandle.standardError.write(Data("unknown command: \(command)\n".utf8))
    exit(64)
}
