// Replaced by the signing implementation.
enum HiveKeepProxyPlaceholder {}
