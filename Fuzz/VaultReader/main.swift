// libFuzzer target: the vault reader's checks that run before and after decryption (VaultFile.parse with
// VaultHeader, and VaultCodec.decode of a plaintext map, from Sources/HiveKeepVault, compiled in over a
// sanitized Sodium). Any bytes are parsed or refused with a VaultError; never a crash or a read out of bounds.
import Sodium

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let parsed = try? VaultFile.parse(bytes) {
        precondition(parsed.headerBytes.count + parsed.header.vaultID.count + parsed.ciphertext.count <= bytes.count)
    }
    if let plaintext = try? SecureBytes(copying: bytes), let map = try? VaultCodec.decode(plaintext) {
        _ = map.entries.count
    }
    return 0
}
