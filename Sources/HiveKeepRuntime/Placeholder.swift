// Replaced by the signing implementation.
enum HiveKeepRuntimePlaceholder {}
