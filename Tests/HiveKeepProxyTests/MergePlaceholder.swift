import Testing

@Suite struct ProxyMergePlaceholder {}
