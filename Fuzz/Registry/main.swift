// libFuzzer target: the registry parser and schema validator (Sources/HiveKeepRegistry's Schema and Model, compiled
// in), in RegistryLoader's order: JSON, schema violations, then the typed document.
import Foundation
import HiveKeepCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    guard let value = try? JSONDecoder().decode(JSONValue.self, from: bytes) else { return 0 }
    for violation in SchemaValidator.registry.validate(value) { _ = violation.description }
    _ = try? JSONDecoder().decode(RegistryDocument.self, from: bytes)
    return 0
}
