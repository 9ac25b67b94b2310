import Testing

@Suite struct HiveKeepProxyPlaceholderTests {}
