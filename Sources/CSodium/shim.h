#ifndef CSODIUM_SHIM_H
#define CSODIUM_SHIM_H

// The only C header HiveKeep imports from libsodium. Swift imports simple integer #defines on its own, but not
// expression macros; the function forms (crypto_pwhash_opslimit_interactive() and friends) cover most of those.
// Anything else the Swift side needs is wrapped here as a `static inline` function prefixed `csodium_`.

#include <errno.h>
#include <sodium.h>

/// The algorithm identifier for Argon2id v1.3, as an int (the macro imports as a UInt32).
static inline int csodium_pwhash_alg_argon2id13(void) {
    return crypto_pwhash_ALG_ARGON2ID13;
}

/// Reads the calling thread's errno; Swift cannot read the `errno` macro portably without Glibc/Darwin imports.
static inline int csodium_errno(void) {
    return errno;
}

/// Clears the calling thread's errno before a call whose failure cause is reported through errno.
static inline void csodium_clear_errno(void) {
    errno = 0;
}

/// ENOMEM, for comparing with `csodium_errno()`.
static inline int csodium_enomem(void) {
    return ENOMEM;
}

#endif
