/**
 * Credentials out of a cache entry's opaque data, checked for shape.
 *
 * On the cache-hit path: no imports but types.
 *
 * @module
 */

import type { CacheEntry } from "../cache/entry_codec.ts";
import type { TemporaryCredentials } from "../credential_types.ts";

/** The credentials held by a cache entry, if it holds well-formed ones. */
export function credentialsFromEntry(
  entry: CacheEntry | undefined,
): TemporaryCredentials | undefined {
  const data = entry?.data as Record<string, unknown> | undefined;
  if (
    typeof data?.accessKeyId !== "string" || typeof data.secretAccessKey !== "string" ||
    typeof data.sessionToken !== "string"
  ) {
    return undefined;
  }
  return {
    accessKeyId: data.accessKeyId,
    secretAccessKey: data.secretAccessKey,
    sessionToken: data.sessionToken,
    expiration: new Date(entry!.expiresAt),
  };
}
