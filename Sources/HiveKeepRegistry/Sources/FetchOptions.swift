/// Limits and trust settings for fetching a registry from a URL.
public struct FetchOptions: Sendable, Hashable {
    /// The time allowed for the whole request, redirects included.
    public var timeout: Duration
    /// The largest registry document accepted, in bytes.
    public var maxBytes: Int
    /// How many redirects are followed; each hop is checked again as if it were the first.
    public var maxRedirects: Int
    /// Addresses treated as public although they are not: a seam for tests that serve from loopback.
    public var alwaysAllowedAddresses: Set<String>
    /// How long the servers read from an MCP Registry API are used before they are read again.
    public var apiCacheLifetime: Duration

    public init(
        timeout: Duration = .seconds(30),
        maxBytes: Int = 16 << 20,
        maxRedirects: Int = 3,
        alwaysAllowedAddresses: Set<String> = [],
        apiCacheLifetime: Duration = .seconds(3600)
    ) {
        self.timeout = timeout
        self.maxBytes = maxBytes
        self.maxRedirects = maxRedirects
        self.alwaysAllowedAddresses = alwaysAllowedAddresses
        self.apiCacheLifetime = apiCacheLifetime
    }
}
