import Testing

@Suite struct HiveKeepRuntimePlaceholderTests {}
