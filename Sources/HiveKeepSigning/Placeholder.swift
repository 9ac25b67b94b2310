// Replaced by the signing implementation.
enum HiveKeepSigningPlaceholder {}
