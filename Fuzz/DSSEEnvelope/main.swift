// libFuzzer target: parsing a DSSE envelope as import does (DSSEEnvelope, DSSE, Base64, EnvelopeError from
// Sources/HiveKeepSigning, compiled in), then its payload as a RunConfig.
import Foundation
import HiveKeepCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let envelope = try? DSSEEnvelope(json: bytes) else { return 0 }
    _ = try? JSONDecoder().decode(RunConfig.self, from: Data(envelope.payload))
    return 0
}
