/**
 * The cache hit, and nothing else: the hot path of every AWS command. For `assume` with cached
 * credentials that are well clear of every refresh window, found through the hit memo
 * (src/cache/hit_memo.ts), it prints them and the program ends. Anything else (another command,
 * a flag such as `--verbose`, a memo miss, an unreadable entry, credentials near a refresh
 * window) hands over to the full program, which starts from the beginning with modules of its
 * own: in the same process from `main.ts` (entry.ts), in a child under the lockfile from the
 * installed command (installed_main.ts). Nothing is shared between the two but the command line,
 * so no module is used in two copies.
 *
 * Imports no npm and no heavy `node:` module; writes nothing but stdout; takes no lock.
 *
 * @module
 */

import { CacheReader } from "../cache/cache_reader.ts";
import { currentHitMemoKey } from "../cache/hit_memo.ts";
import { ADVISORY_REFRESH_MS } from "../cache/refresh_policy.ts";
import { cacheDir } from "../config/paths.ts";
import { credentialsFromEntry } from "../credentials/cached_provider.ts";
import type { TemporaryCredentials } from "../credentials.ts";
import { credentialProcessJson } from "../output/credential_process.ts";
import type { HitDeps } from "../system/hit_deps.ts";

/** `assume` switches that do not change what a hit prints. */
const QUIET_SWITCHES = new Set(["--no-gui", "--disable-dialog", "--no-color", "--hide-arns"]);

/** What a hit needs from the command line, or `undefined` when only the full program will do. */
export function hitRequest(
  args: string[],
): { profile: string; disableMandatoryRefresh: boolean } | undefined {
  if (args[0] !== "assume") return undefined;
  let profile: string | undefined;
  let disableMandatoryRefresh = false;
  for (let i = 1; i < args.length; i++) {
    const arg = args[i];
    if (arg.startsWith("--profile=")) profile = arg.slice(10);
    else if (arg === "--profile" && i + 1 < args.length) profile = args[++i];
    else if (arg === "--disable-mandatory-refresh") disableMandatoryRefresh = true;
    else if (!QUIET_SWITCHES.has(arg)) return undefined;
  }
  return profile ? { profile, disableMandatoryRefresh } : undefined;
}

/** Whether a hit may serve `credentials`: inside a refresh window the full program decides. */
function servable(
  credentials: TemporaryCredentials,
  disableMandatoryRefresh: boolean,
  now: number,
): boolean {
  const left = credentials.expiration.getTime() - now;
  return left > ADVISORY_REFRESH_MS || (disableMandatoryRefresh && left > 0);
}

/** Serves `assume` from the cache if it can; false when the full program must run. */
export async function serveCacheHit(args: string[], deps: HitDeps): Promise<boolean> {
  const request = hitRequest(args);
  if (!request) return false;
  try {
    const cache = new CacheReader(cacheDir(deps), deps);
    await cache.prepare();
    // Only the memo: the same files and environment as a run that resolved the profile. On a
    // miss the full program resolves it (and writes the memo for the next run).
    const credentials = credentialsFromEntry(
      await cache.peek(await currentHitMemoKey(deps, request.profile)),
    );
    if (!credentials || !servable(credentials, request.disableMandatoryRefresh, deps.now())) {
      return false;
    }
    await deps.writeStdout(credentialProcessJson(credentials));
    return true;
  } catch {
    // Whatever went wrong, the full program says it properly.
    return false;
  }
}
