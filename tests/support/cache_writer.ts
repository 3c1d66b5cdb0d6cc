/**
 * Writes cache entries in a loop until killed: used to show that `kill -9` in the middle of
 * a write never leaves a damaged entry behind.
 *
 * @module
 */

import { CredentialCache } from "../../src/cache/credential_cache.ts";
import { systemDeps } from "../../src/system_deps.ts";

const cache = new CredentialCache(Deno.args[0], systemDeps());
// Just under the 16 KiB a cache file may have: each write is a temp file, fsync and rename.
const filler = "x".repeat(12_000);
for (let i = 0;; i++) {
  await cache.write(String(i % 3).repeat(64), {
    profile: `p${i}`,
    expiresAt: Date.now() + 3_600_000,
    createdAt: Date.now(),
    data: { filler },
  });
  if (i === 2) console.log("writing");
}
