import Dispatch
import Foundation
import Keyring
import Synchronization

/// Runs one keyring operation and prints the outcome (owned by the Keyring tests).
///
/// Usage: `keyring-probe [--deadline-ms N] status | store STORE KEY | lookup STORE KEY | clear STORE KEY`.
/// `store` reads the secret from stdin. The first stdout line is `ok`, `ok VALUE` (lookup), `missing`, `removed`,
/// `absent`, or the failure's case name (`noSessionBus`, `noSecretService`, `locked`, `timeout`,
/// `invalidArgument`, `failed`); the error message goes to stderr. Exit status 0 on success, 1 on a keyring error.
func runKeyringProbe(_ arguments: [String]) -> Int32 {
    var arguments = arguments
    var deadline = Duration.seconds(2)
    if arguments.first == "--deadline-ms", arguments.count >= 2, let milliseconds = Int(arguments[1]) {
        deadline = .milliseconds(milliseconds)
        arguments.removeFirst(2)
    }
    guard let operation = arguments.first else {
        FileHandle.standardError.write(Data("usage: keyring-probe [--deadline-ms N] OPERATION [STORE KEY]\n".utf8))
        return 64
    }
    let keyring = Keyring(deadline: deadline)
    let item = arguments.count >= 3 ? KeyringItemAttributes(kind: .secret, store: arguments[1], key: arguments[2]) : nil
    let outcome = ProbeOutcome()
    let done = DispatchSemaphore(value: 0)
    Task {
        let result = await probe(operation, item: item, keyring: keyring)
        outcome.value.withLock { $0 = result }
        done.signal()
    }
    done.wait()
    let (line, status) = outcome.value.withLock { $0 }
    print(line)
    return status
}

/// Carries the async probe's result to the blocked main thread.
private final class ProbeOutcome: Sendable {
    let value = Mutex<(line: String, status: Int32)>(("", 70))
}

/// Performs the operation and returns the line to print and the exit status.
private func probe(
    _ operation: String, item: KeyringItemAttributes?, keyring: Keyring
) async -> (line: String, status: Int32) {
    do {
        switch (operation, item) {
        case ("status", _):
            try await keyring.checkAvailable()
            return ("ok", 0)
        case ("store", let item?):
            let secret = FileHandle.standardInput.readDataToEndOfFile()
            try await keyring.store(item, label: "keyring-probe", secret: secret)
            return ("ok", 0)
        case ("lookup", let item?):
            let value = try await keyring.lookup(item) { String(decoding: $0, as: UTF8.self) }
            return (value.map { "ok \($0)" } ?? "missing", 0)
        case ("clear", let item?):
            return (try await keyring.clear(item) ? "removed" : "absent", 0)
        default:
            return ("usage", 64)
        }
    } catch let error as KeyringError {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        return (caseName(error), 1)
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        return ("unexpected", 1)
    }
}

/// The name of the error's case, the probe's machine-readable output.
private func caseName(_ error: KeyringError) -> String {
    switch error {
    case .noSessionBus: "noSessionBus"
    case .noSecretService: "noSecretService"
    case .locked: "locked"
    case .timeout: "timeout"
    case .invalidArgument: "invalidArgument"
    case .failed: "failed"
    }
}
