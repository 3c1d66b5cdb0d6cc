/**
 * The `credential_process` output contract: one JSON object on stdout, nothing before or after
 * it, `Version` the number 1, and `Expiration` in UTC RFC 3339 ending in `Z` (the Java SDK v2
 * rejects offsets such as `+02:00`; a missing one means "never refreshed").
 *
 * @module
 */

import type { TemporaryCredentials } from "../credential_types.ts";
import { utcTimestamp } from "./utc_timestamp.ts";

/** UTC RFC 3339 with a `Z` and whole seconds, which every SDK parses (Java rejects offsets). */
export function formatExpiration(date: Date): string {
  return utcTimestamp(date.getTime());
}

/** The JSON that AWS tools read from a `credential_process`, with `Version` the number 1. */
export function credentialProcessJson(credentials: TemporaryCredentials): string {
  return JSON.stringify({
    Version: 1,
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    SessionToken: credentials.sessionToken,
    Expiration: formatExpiration(credentials.expiration),
  }) + "\n";
}
