// libFuzzer target: reading a RunConfig as import does (HiveKeepCore's RunConfig decoding), then writing it and
// reading it back: what was read once must read again.
import Foundation
import HiveKeepCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    guard let config = try? JSONDecoder().decode(RunConfig.self, from: bytes) else { return 0 }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    guard let written = try? encoder.encode(config) else { return 0 }
    precondition((try? JSONDecoder().decode(RunConfig.self, from: written)) != nil, "a written RunConfig did not read")
    for reference in config.secrets { _ = try? SecretReference(parsing: reference) }
    return 0
}
