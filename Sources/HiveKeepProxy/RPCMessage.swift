/// One JSON-RPC message as bytes, with the spans of the top-level members the proxy reads.
struct RPCMessage: Sendable {
    /// What kind of JSON-RPC message this is.
    enum Kind: Sendable { case request, notification, response }

    private(set) var bytes: [UInt8]
    private(set) var id: Range<Int>?
    private(set) var method: String?
    private(set) var params: Range<Int>?
    private(set) var result: Range<Int>?
    private(set) var error: Range<Int>?
    /// Whether a `method` member is present with a value that is not a string.
    private(set) var methodIsNotString = false

    /// Scans `bytes`; throws when it is not one JSON object. Lenient: for messages from the upstream server and for
    /// rescans after an edit. Messages from clients go through ``init(downstream:)``.
    init(_ bytes: [UInt8]) throws {
        self.bytes = bytes
        try scan()
    }

    /// A message from a client, read strictly (``StrictJSON``): refused with a JSON-RPC error (HTTP 400) when it is not
    /// exactly one JSON object or when a standard JSON parser could read its envelope, `params` or `params._meta`
    /// differently from the proxy (duplicate or escaped member names), or when its `method` is not a string.
    init(downstream bytes: [UInt8]) throws(ProxyFailure) {
        do {
            try StrictJSON.check(bytes)
        } catch {
            throw ProxyFailure.invalid(error.message, code: error.code)
        }
        do {
            try self.init(bytes)
        } catch {
            throw ProxyFailure.invalid("the body is not a JSON-RPC message", code: MCPProtocol.ErrorCode.parseError)
        }
        guard !methodIsNotString else { throw ProxyFailure.invalid("the method must be a string") }
    }

    private mutating func scan() throws {
        var start = 0
        JSONBytes.skipWhitespace(bytes, &start)
        var end = start
        try JSONBytes.skipValue(bytes, &end)
        let object = start..<end
        guard JSONBytes.isObject(bytes, object) else { throw JSONBytes.Malformed() }
        id = nil
        method = nil
        params = nil
        result = nil
        error = nil
        var methodRange: Range<Int>?
        let bytes = self.bytes
        try JSONBytes.forEachMember(bytes, object: object) { key, value in
            let keyBytes = bytes[key]
            if "id".utf8.elementsEqual(keyBytes) {
                id = value
            } else if "method".utf8.elementsEqual(keyBytes) {
                methodRange = value
            } else if "params".utf8.elementsEqual(keyBytes) {
                params = value
            } else if "result".utf8.elementsEqual(keyBytes) {
                result = value
            } else if "error".utf8.elementsEqual(keyBytes) {
                error = value
            }
            return true
        }
        if let range = id, bytes[range] == [0x6E, 0x75, 0x6C, 0x6C] { id = nil }  // "null"
        method = JSONBytes.string(bytes, methodRange)
        methodIsNotString = methodRange != nil && method == nil
    }

    var kind: Kind? {
        if method != nil { return id == nil ? .notification : .request }
        if id != nil, result != nil || error != nil { return .response }
        return nil
    }

    /// The raw bytes of the id.
    var idBytes: [UInt8]? { id.map { Array(bytes[$0]) } }

    /// The integer id, when it is one.
    var intID: Int? { id.flatMap { Int(String(decoding: bytes[$0], as: UTF8.self)) } }

    /// `params._meta`.
    var meta: Range<Int>? { JSONBytes.member("_meta", of: bytes, in: params) }

    /// A string member of `params`.
    func paramString(_ key: String) -> String? { JSONBytes.string(bytes, JSONBytes.member(key, of: bytes, in: params)) }

    /// A string member of `params._meta`.
    func metaString(_ key: String) -> String? { JSONBytes.string(bytes, JSONBytes.member(key, of: bytes, in: meta)) }

    /// The raw bytes of a member of `params._meta`.
    func metaValue(_ key: String) -> [UInt8]? {
        JSONBytes.member(key, of: bytes, in: meta).map { Array(bytes[$0]) }
    }

    /// Whether the message carries the 2026-07-28 envelope.
    var isStateless: Bool { JSONBytes.member(MCPProtocol.metaProtocolVersion, of: bytes, in: meta) != nil }

    /// Replaces `range` with `replacement` and rescans.
    mutating func replace(_ range: Range<Int>, with replacement: [UInt8]) throws {
        bytes = JSONBytes.replacing(bytes, range, with: replacement)
        try scan()
    }

    /// Replaces the whole bytes and rescans.
    mutating func reset(_ newBytes: [UInt8]) throws {
        bytes = newBytes
        try scan()
    }

    /// Inserts `"key":value` members into `params._meta`, creating `_meta` and `params` when missing.
    mutating func insertIntoMeta(_ members: [UInt8]) throws {
        if let meta {
            try reset(JSONBytes.inserting(members, into: meta, of: bytes))
        } else if let params, JSONBytes.isObject(bytes, params) {
            try reset(JSONBytes.inserting(Array("\"_meta\":{".utf8) + members + [0x7D], into: params, of: bytes))
        } else {
            var start = 0
            JSONBytes.skipWhitespace(bytes, &start)
            let object = start..<bytes.count
            if let params {  // params present but not an object (null): replace it
                try replace(params, with: Array("{\"_meta\":{".utf8) + members + [0x7D, 0x7D])
            } else {
                try reset(
                    JSONBytes.inserting(
                        Array("\"params\":{\"_meta\":{".utf8) + members + [0x7D, 0x7D], into: object, of: bytes)
                )
            }
        }
    }

    /// Removes members of `params._meta`.
    mutating func removeFromMeta(_ keys: [String]) throws {
        guard let meta else { return }
        try reset(JSONBytes.removingMembers(keys, from: meta, of: bytes))
    }
}
