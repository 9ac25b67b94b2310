import Crypto
import Foundation
import HiveKeepCore
import Sodium

/// ToolHive's encrypted secrets file: AES-256-GCM with key SHA-256(password), no associated data; the file is the
/// 12-byte nonce, the ciphertext and the 16-byte tag; the plaintext is `{"secrets": {"<name>": "<value>", ...}}`.
/// An empty file is an empty store.
///
/// Decryption is swift-crypto's AES-GCM; the plaintext lives in a ``SecureBytes`` buffer (zeroed when freed) and
/// each value is copied into one of its own. No message quotes the file, the password or a value.
public enum ToolHiveSecretsFile {
    static let nonceLength = 12
    static let tagLength = 16
    /// ToolHive refuses to write more plaintext than this.
    static let maximumPlaintext = 32 << 20

    /// The secrets of `file`, decrypted with `password`, by name.
    ///
    /// - Throws: `.invalidArgument` for a file too short to hold a nonce and a tag ("truncated"), a password that
    ///   does not open it ("wrong password, or the file was changed"), or a plaintext that is not ToolHive's JSON.
    public static func decrypt(_ file: [UInt8], password: SecureBytes) throws -> [String: SecureBytes] {
        guard !file.isEmpty else { return [:] }
        guard file.count >= nonceLength + tagLength else {
            throw HiveKeepError.invalid(
                "ToolHive's secrets file is truncated (\(file.count) bytes, shorter than its nonce and tag)")
        }
        let plaintext = try open(file, password: password)
        return try values(of: plaintext)
    }

    private static func open(_ file: [UInt8], password: SecureBytes) throws -> SecureBytes {
        let key = password.withUnsafeBytes { SymmetricKey(data: SHA256.hash(data: $0)) }
        do {
            let box = try AES.GCM.SealedBox(combined: file)
            var opened = try AES.GCM.open(box, using: key)
            defer { opened.resetBytes(in: 0..<opened.count) }
            guard opened.count <= maximumPlaintext else {
                throw HiveKeepError.invalid("ToolHive's secrets file holds more than 32 MiB")
            }
            return try SecureBytes(copying: opened)
        } catch let error as HiveKeepError {
            throw error
        } catch {
            throw HiveKeepError.invalid(
                "cannot decrypt ToolHive's secrets file: wrong password, or the file is damaged or truncated")
        }
    }

    private static func values(of plaintext: SecureBytes) throws -> [String: SecureBytes] {
        let invalid = HiveKeepError.invalid(
            "ToolHive's secrets file decrypted, but does not hold {\"secrets\": {name: value}}")
        let document: JSONValue
        do {
            document = try plaintext.withUnsafeBytes { try JSONDecoder().decode(JSONValue.self, from: Data($0)) }
        } catch {
            throw invalid
        }
        guard case .object(let members)? = document["secrets"] else {
            if document["secrets"] == nil || document["secrets"] == .null, document.objectValue != nil { return [:] }
            throw invalid
        }
        var secrets: [String: SecureBytes] = [:]
        for (name, value) in members {
            guard case .string(let text) = value else { throw invalid }
            secrets[name] = try SecureBytes(copying: Array(text.utf8))
        }
        return secrets
    }
}
