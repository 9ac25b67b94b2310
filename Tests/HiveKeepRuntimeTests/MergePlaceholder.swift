import Testing

@Suite struct RuntimeMergePlaceholder {}
