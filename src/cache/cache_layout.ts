/**
 * The names and sizes in a cache directory, shared by the credentials cache
 * (credential_cache.ts) and the flat cache hit (src/cli/cache_hit.ts), which must not load the
 * cache's class. On the cache-hit path: constants only.
 *
 * @module
 */

/** The suffix of entry files. */
export const ENTRY_SUFFIX = ".entry";
/** The name of the salt file in the cache directory. */
export const SALT_FILE = "salt";
/** The length of the salt. */
export const SALT_BYTES = 32;
