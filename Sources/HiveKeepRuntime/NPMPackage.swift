import Foundation
import HiveKeepCore

/// Reads an npm package installed under a prefix.
enum NPMPackage {
    /// The name of the executable `package` installs into `node_modules/.bin`: its `bin` entry named like the
    /// package (without the scope), or its only entry; a string `bin` is named like the package.
    static func binName(package: String, prefix: String) throws -> String {
        let manifest = "\(prefix)/node_modules/\(package)/package.json"
        let unscoped = String(package.split(separator: "/").last ?? Substring(package))
        guard let data = FileManager.default.contents(atPath: manifest),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            throw HiveKeepError(.unavailable, "npx://\(package) was installed without a readable package.json")
        }
        if object["bin"] is String { return unscoped }
        guard let bins = object["bin"] as? [String: Any], !bins.isEmpty else {
            throw HiveKeepError(.unavailable, "npx://\(package) has no executable (no bin in its package.json)")
        }
        if bins[unscoped] != nil { return unscoped }
        guard bins.count == 1, let only = bins.keys.first else {
            throw HiveKeepError(
                .unavailable,
                "npx://\(package) has several executables (\(bins.keys.sorted().joined(separator: ", "))), "
                    + "none named \(unscoped)")
        }
        return only
    }
}
