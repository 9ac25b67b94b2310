import Foundation
import HiveKeepCore
import Hummingbird

/// Path parameters as the client meant them: Hummingbird hands them over still percent-encoded.
enum PathParameter {
    /// The percent-decoded parameter `name`; a 400 when its encoding is invalid.
    static func decoded(_ name: String, in context: HiveKeepRequestContext) throws -> String {
        let raw = try context.parameters.require(name)
        guard let decoded = raw.removingPercentEncoding else {
            throw HiveKeepError.invalid("path parameter '\(name)' has invalid percent-encoding")
        }
        return decoded
    }
}
