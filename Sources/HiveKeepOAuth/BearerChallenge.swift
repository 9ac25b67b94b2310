/// One `Bearer` challenge of a `WWW-Authenticate` header (RFC 6750 §3, RFC 9728 §5.1): the protected resource
/// metadata URL, the scope the resource asks for and its error code.
public struct BearerChallenge: Sendable, Hashable {
    /// Every auth-param of the challenge, names lowercased, quoted strings unescaped.
    public var parameters: [String: String]

    /// `resource_metadata` (RFC 9728): where the resource's metadata lives.
    public var resourceMetadata: String? { parameters["resource_metadata"] }
    /// `scope`: space-separated scopes the resource needs.
    public var scope: String? { parameters["scope"] }
    /// `error` (`invalid_token`, `insufficient_scope`, ...).
    public var error: String? { parameters["error"] }

    public init(parameters: [String: String]) {
        self.parameters = parameters
    }

    /// The first `Bearer` challenge in the values of one or more `WWW-Authenticate` headers, or nil when none is
    /// there. A header may hold several challenges (`Basic realm="x", Bearer scope="y"`).
    public static func parse(_ headerValues: [String]) -> BearerChallenge? {
        for value in headerValues {
            var parser = ChallengeParser(value)
            for challenge in parser.challenges() where challenge.scheme.lowercased() == "bearer" {
                return BearerChallenge(parameters: challenge.parameters)
            }
        }
        return nil
    }
}

/// A small parser of the `WWW-Authenticate` grammar (RFC 9110 §11.6.1): `scheme [token68 | auth-param *("," auth-param)]`
/// with challenges separated by commas.
struct ChallengeParser {
    private let characters: [Character]
    private var index = 0

    init(_ text: String) {
        characters = Array(text)
    }

    mutating func challenges() -> [(scheme: String, parameters: [String: String])] {
        var result: [(scheme: String, parameters: [String: String])] = []
        while true {
            skip(whereTrue: { $0 == " " || $0 == "\t" || $0 == "," })
            let scheme = token()
            guard !scheme.isEmpty else { return result }
            result.append((scheme, parameters()))
        }
    }

    /// The auth-params after a scheme, stopping before the next challenge's scheme; a token68 is skipped.
    private mutating func parameters() -> [String: String] {
        var parameters: [String: String] = [:]
        var first = true
        skipSpaces()
        while true {
            let mark = index
            let name = token()
            skipSpaces()
            if name.isEmpty { break }
            guard peek() == "=" else {
                if !first { index = mark }  // the next challenge's scheme; after the scheme itself, a token68
                break
            }
            index += 1
            if first, peek() == nil || peek() == "=" || peek() == "," {
                skip(whereTrue: { $0 == "=" })  // token68 padding (`Basic dXNlcg==`)
                break
            }
            skipSpaces()
            parameters[name.lowercased()] = peek() == "\"" ? quoted() : token()
            first = false
            skipSpaces()
            guard peek() == "," else { break }
            index += 1
            skipSpaces()
        }
        return parameters
    }

    private mutating func skipSpaces() {
        skip(whereTrue: { $0 == " " || $0 == "\t" })
    }

    private func peek() -> Character? { index < characters.count ? characters[index] : nil }

    private mutating func skip(whereTrue condition: (Character) -> Bool) {
        while let character = peek(), condition(character) { index += 1 }
    }

    private mutating func token() -> String {
        let start = index
        skip(whereTrue: { !" \t,=\"".contains($0) })
        return String(characters[start..<index])
    }

    private mutating func quoted() -> String {
        index += 1  // opening quote
        var value = ""
        while let character = peek(), character != "\"" {
            if character == "\\", index + 1 < characters.count {
                index += 1
            }
            value.append(characters[index])
            index += 1
        }
        index += 1  // closing quote (or past the end)
        return value
    }
}
