import Testing

@Suite struct HiveKeepSigningPlaceholderTests {}
