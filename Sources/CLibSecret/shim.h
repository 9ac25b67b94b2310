// Shim over libsecret for the Keyring target, the only Swift importer of this module.
// Variadic functions and expression macros do not import into Swift: the static inline wrappers below, prefixed
// clibsecret_, expose what Keyring needs with plain C signatures.
#ifndef CLIBSECRET_SHIM_H
#define CLIBSECRET_SHIM_H

#include <libsecret/secret.h>
#include <string.h>

/// Builds a schema whose attributes are all strings. Returns NULL on invalid input; free with secret_schema_unref.
static inline SecretSchema *clibsecret_schema_new_strings(const char *name, SecretSchemaFlags flags,
                                                          const char *const *attribute_names, size_t count) {
    if (name == NULL || attribute_names == NULL || count == 0 || count > 32) {
        return NULL;
    }
    GHashTable *types = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < count; i++) {
        g_hash_table_insert(types, (gpointer)attribute_names[i],
                            GINT_TO_POINTER(SECRET_SCHEMA_ATTRIBUTE_STRING));
    }
    SecretSchema *schema = secret_schema_newv(name, flags, types);
    g_hash_table_unref(types);
    return schema;
}

/// A string-to-string hash table that owns copies of its keys and values (g_free). Free with g_hash_table_unref.
static inline GHashTable *clibsecret_attributes_new(void) {
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

/// Adds a copy of key and value to a table made by clibsecret_attributes_new.
static inline void clibsecret_attributes_insert(GHashTable *table, const char *key, const char *value) {
    g_hash_table_insert(table, g_strdup(key), g_strdup(value));
}

/// The value of a string attribute, or NULL; the table keeps ownership.
static inline const char *clibsecret_attributes_lookup(GHashTable *table, const char *key) {
    return (const char *)g_hash_table_lookup(table, key);
}

/// Attributes of a search result (a SecretRetrievable in the list). Free with g_hash_table_unref; may be NULL.
static inline GHashTable *clibsecret_retrievable_attributes(gpointer retrievable) {
    if (retrievable == NULL || !SECRET_IS_RETRIEVABLE(retrievable)) {
        return NULL;
    }
    return secret_retrievable_get_attributes(SECRET_RETRIEVABLE(retrievable));
}

/// Frees a list returned by secret_password_searchv_sync and drops the reference to each element.
static inline void clibsecret_list_free_objects(GList *list) {
    g_list_free_full(list, g_object_unref);
}

/// The error domain of D-Bus errors (G_DBUS_ERROR is a macro).
static inline GQuark clibsecret_dbus_error_quark(void) { return G_DBUS_ERROR; }

/// The error domain of libsecret errors (SECRET_ERROR is a macro).
static inline GQuark clibsecret_secret_error_quark(void) { return SECRET_ERROR; }

/// The error domain of GIO errors (G_IO_ERROR is a macro).
static inline GQuark clibsecret_io_error_quark(void) { return G_IO_ERROR; }

/// The alias of the default collection (SECRET_COLLECTION_DEFAULT is a string macro).
static inline const char *clibsecret_default_collection_alias(void) { return SECRET_COLLECTION_DEFAULT; }

/// Overwrites memory with zeros in a way the compiler may not elide.
static inline void clibsecret_zero(void *pointer, size_t count) {
    if (pointer != NULL && count > 0) {
        explicit_bzero(pointer, count);
    }
}

#endif
