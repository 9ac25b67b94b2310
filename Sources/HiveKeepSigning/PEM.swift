import Foundation
import HiveKeepCore

/// Reading and writing the PEM text of Ed25519 public keys.
enum PEM {
    /// `der` as a PEM block with `label`, base64 wrapped at 64 columns, ending in a newline.
    static func encode(label: String, der: [UInt8]) -> String {
        let body = Base64.encode(der)
        var lines = ["-----BEGIN \(label)-----"]
        var start = body.startIndex
        while start < body.endIndex {
            let end = body.index(start, offsetBy: 64, limitedBy: body.endIndex) ?? body.endIndex
            lines.append(String(body[start..<end]))
            start = end
        }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The raw 32-byte key of the one Ed25519 `PUBLIC KEY` block in `text`.
    static func ed25519PublicKey(from text: String) throws -> [UInt8] {
        let der = try publicKeyDER(from: text)
        let prefix = SigningPublicKey.derPrefix
        guard der.count == prefix.count + 32, Array(der.prefix(prefix.count)) == prefix else {
            // An SPKI's algorithm OID follows its two SEQUENCE headers; name the common ones.
            throw HiveKeepError.invalid("not an Ed25519 public key (\(algorithmName(der))); HiveKeep keys are Ed25519")
        }
        return Array(der.suffix(32))
    }

    private static func publicKeyDER(from text: String) throws -> [UInt8] {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        let begins = lines.indices.filter { lines[$0].hasPrefix("-----BEGIN ") }
        guard let begin = begins.first else {
            throw HiveKeepError.invalid("not a PEM public key: no '-----BEGIN PUBLIC KEY-----' line")
        }
        guard lines[begin] == "-----BEGIN PUBLIC KEY-----" else {
            if lines[begin].contains("PRIVATE KEY") {
                throw HiveKeepError.invalid(
                    "this is a private key; give the public key instead (openssl pkey -in KEY -pubout)")
            }
            throw HiveKeepError.invalid("not a PEM public key: found '\(lines[begin].prefix(64))'")
        }
        guard begins.count == 1 else {
            throw HiveKeepError.invalid("the PEM text holds more than one block; give one public key per file")
        }
        guard let end = lines[begin...].firstIndex(of: "-----END PUBLIC KEY-----") else {
            throw HiveKeepError.invalid("malformed PEM public key: no '-----END PUBLIC KEY-----' line")
        }
        let body = lines[(begin + 1)..<end].joined()
        guard !body.isEmpty, !body.contains(":"), let der = Base64.decode(body) else {
            throw HiveKeepError.invalid("malformed PEM public key: the body is not base64")
        }
        return der
    }

    private static func algorithmName(_ der: [UInt8]) -> String {
        let oids: [(name: String, oid: [UInt8])] = [
            ("RSA", [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]),
            ("EC", [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]),
            ("X25519", [0x06, 0x03, 0x2b, 0x65, 0x6e]),
            ("Ed448", [0x06, 0x03, 0x2b, 0x65, 0x71]),
        ]
        for (name, oid) in oids where contains(der, oid) {
            return "its algorithm is \(name)"
        }
        return "its DER is not an Ed25519 SubjectPublicKeyInfo"
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }
}
