import Dispatch
import Foundation
import HiveKeepSecrets
import HiveKeepVault
import Sodium
import Synchronization

/// Writes to a vault in a loop for the crash and concurrency tests (owned by the vault tests).
///
/// - `vault-writer PATH PREFIX COUNT`: writes `PREFIX-0` … `PREFIX-(COUNT-1)`, one update each, with the value
///   `value of <key>`, printing each key on its own line once its write has returned (COUNT 0: until killed).
/// - `vault-writer --rotate PATH`: rotates the password to `HIVEKEEP_TEST_VAULT_NEW_PASSWORD` and back, forever,
///   printing `new` or `old` after each rotation.
///
/// The password comes from `HIVEKEEP_TEST_VAULT_PASSWORD`, never from the arguments; a new vault uses the minimum
/// Argon2id limits. Output goes straight to file descriptor 1 (unbuffered), so a printed line is acknowledged.
func runVaultWriter(_ arguments: [String]) -> Int32 {
    let environment = ProcessInfo.processInfo.environment
    guard let password = environment["HIVEKEEP_TEST_VAULT_PASSWORD"] else {
        return fail("HIVEKEEP_TEST_VAULT_PASSWORD is not set", code: 64)
    }
    do {
        if arguments.count == 5, arguments[0] == "--provider", let count = Int(arguments[4]), count >= 0 {
            try writeThroughProvider(
                path: arguments[1], auditPath: arguments[2], prefix: arguments[3], count: count, password: password)
            return 0
        }
        if arguments.count == 2, arguments[0] == "--rotate",
            let newPassword = environment["HIVEKEEP_TEST_VAULT_NEW_PASSWORD"]
        {
            try rotateForever(path: arguments[1], password: password, newPassword: newPassword)
        }
        guard arguments.count == 3, let count = Int(arguments[2]), count >= 0 else {
            return fail("usage: vault-writer PATH PREFIX COUNT | vault-writer --rotate PATH", code: 64)
        }
        let vault = Vault(path: arguments[0], password: try secure(password), newVaultLimits: .minimumAllowed)
        var index = 0
        while count == 0 || index < count {
            let key = "\(arguments[1])-\(index)"
            let value = try secure("value of \(key)")
            try vault.update { contents in try contents.set(key, value) }
            acknowledge(key)
            index += 1
        }
        return 0
    } catch {
        return fail("\(error)", code: 1)
    }
}

/// `vault-writer --provider PATH AUDIT PREFIX COUNT`: the same loop through `EncryptedProvider` with a real audit log,
/// so that a crash test also checks the audit chain.
private func writeThroughProvider(path: String, auditPath: String, prefix: String, count: Int, password: String) throws
{
    let provider = try waitFor {
        try await EncryptedProvider(path: path, password: try secure(password), limits: .minimumAllowed)
    }
    let context = SecretsCallContext(caller: "runner:crash-test", audit: AuditLog(path: auditPath))
    var index = 0
    while count == 0 || index < count {
        let key = "\(prefix)-\(index)"
        let value = try secure("value of \(key)")
        try waitFor { try await provider.create(key, value: value, context: context) }
        acknowledge(key)
        index += 1
    }
}

/// Runs async work from this synchronous helper and waits for it.
private func waitFor<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let result = Mutex<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        let outcome: Result<T, any Error>
        do { outcome = .success(try await work()) } catch { outcome = .failure(error) }
        result.withLock { $0 = outcome }
        done.signal()
    }
    done.wait()
    return try result.withLock { $0 }!.get()
}

private func rotateForever(path: String, password: String, newPassword: String) throws -> Never {
    let vault = Vault(path: path, password: try secure(password), newVaultLimits: .minimumAllowed)
    while true {
        try vault.rotatePassword(to: try secure(newPassword))
        acknowledge("new")
        try vault.rotatePassword(to: try secure(password))
        acknowledge("old")
    }
}

private func secure(_ text: String) throws -> SecureBytes {
    try SecureBytes(copying: Array(text.utf8))
}

private func acknowledge(_ line: String) {
    FileHandle.standardOutput.write(Data("\(line)\n".utf8))
}

private func fail(_ message: String, code: Int32) -> Int32 {
    FileHandle.standardError.write(Data("vault-writer: \(message)\n".utf8))
    return code
}
