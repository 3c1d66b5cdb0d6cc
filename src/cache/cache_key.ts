/**
 * The key of a cache entry: a SHA-256 hash of everything that determines the credentials. Any
 * change to one of those values misses the cache; the file name reveals nothing.
 *
 * @module
 */

import { sha256Hex } from "../text/sha256_hex.ts";

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort((
      [a],
      [b],
    ) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Hashes `parts` (key order and undefined values do not matter) into 64 hex characters. */
export function cacheKey(parts: Record<string, unknown>): Promise<string> {
  return sha256Hex(canonical(parts));
}
