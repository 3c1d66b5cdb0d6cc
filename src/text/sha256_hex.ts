/**
 * SHA-256 in lowercase hex, with Web Crypto: cache keys, the hit memo, device names in state
 * files, the install record and release checksums. On the cache-hit path.
 *
 * @module
 */

/** The SHA-256 of `data` (a string is hashed as UTF-8), as 64 hex characters. */
export async function sha256Hex(data: string | Uint8Array<ArrayBuffer>): Promise<string> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
