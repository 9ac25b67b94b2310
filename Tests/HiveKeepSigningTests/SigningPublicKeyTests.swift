import Foundation
import HiveKeepCore
import HiveKeepSigning
import HiveKeepTestSupport
import Sodium
import Testing

@Suite("Public keys as PEM")
struct SigningPublicKeyTests {
    @Test("a key's PEM is an Ed25519 SubjectPublicKeyInfo that parses back to the same key")
    func pemRoundTrip() throws {
        let key = try TestSigner().publicKey
        #expect(key.pem.hasPrefix("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA"))
        #expect(key.pem.hasSuffix("\n-----END PUBLIC KEY-----\n"))
        let parsed = try SigningPublicKey(pem: key.pem)
        #expect(parsed == key)
        #expect(parsed.keyID == key.keyID)
        // Surrounding text and CRLF line ends are tolerated.
        let crlf = "comment\r\n" + key.pem.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try SigningPublicKey(pem: crlf) == key)
    }

    @Test("the keyid is the lowercase hex SHA-256 of the raw key")
    func keyIDIsSHA256() throws {
        let key = try SigningPublicKey(raw: [UInt8](repeating: 0, count: 32))
        // sha256 of 32 zero bytes.
        #expect(key.keyID == "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925")
        #expect(throws: HiveKeepError.self) { try SigningPublicKey(raw: [1, 2, 3]) }
    }

    @Test("a public key made by OpenSSL parses to the key it holds")
    func opensslKey() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pem = try OpenSSL.publicKeyPEM(algorithm: ["-algorithm", "ed25519"], in: directory)
        let key = try SigningPublicKey(pem: pem)
        #expect(key.pem == pem)
    }

    @Test("RSA and EC public keys are refused as not Ed25519")
    func otherAlgorithms() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let rsa = try OpenSSL.publicKeyPEM(
            algorithm: ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"], in: directory)
        let ec = try OpenSSL.publicKeyPEM(
            algorithm: ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], in: directory)
        let x25519 = try OpenSSL.publicKeyPEM(algorithm: ["-algorithm", "x25519"], in: directory)
        for (pem, name) in [(rsa, "RSA"), (ec, "EC"), (x25519, "X25519")] {
            let error = try #require(throws: HiveKeepError.self) { try SigningPublicKey(pem: pem) }
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("not an Ed25519 public key (its algorithm is \(name))"))
        }
    }

    @Test("malformed PEM, a private key and two keys in one file are refused, each with its reason")
    func malformedPEM() throws {
        let pem = try TestSigner().publicKey.pem
        let cases: [(String, String)] = [
            ("", "no '-----BEGIN PUBLIC KEY-----' line"),
            (pem.replacingOccurrences(of: "-----END PUBLIC KEY-----", with: ""), "no '-----END PUBLIC KEY-----' line"),
            (pem.replacingOccurrences(of: "MCowBQYDK2VwAyEA", with: "MCowBQYDK2VwAyE!"), "the body is not base64"),
            (pem.replacingOccurrences(of: "PUBLIC KEY", with: "PRIVATE KEY"), "this is a private key"),
            (pem + pem, "more than one block"),
            (pem.replacingOccurrences(of: "MCowBQYDK2VwAyEA", with: "MCowBQYDK2VwAyEB"), "not an Ed25519 public key"),
        ]
        for (text, reason) in cases {
            let error = try #require(throws: HiveKeepError.self) { try SigningPublicKey(pem: text) }
            #expect(error.message.contains(reason), "\(error.message)")
        }
    }
}
