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
 * Written flat, for speed, against Deno's API directly rather than through the Deps seam and
 * the cache's reader: the same steps through those layers cost ~1 ms more (a twentieth of a
 * whole run) in promise chains and module size. It is built from the same pure pieces (paths,
 * fingerprint, memo key, sealed box, entry codec, output), and tests/cli/cache_hit_test.ts
 * checks it against `CredentialCache.peek` (src/cache/credential_cache.ts) case by case.
 *
 * Imports no npm and no heavy `node:` module; writes nothing but stdout; takes no lock.
 *
 * @module
 */

import { ENTRY_SUFFIX, SALT_BYTES, SALT_FILE } from "../cache/cache_layout.ts";
import { decodeEntry } from "../cache/entry_codec.ts";
import { bootTimes, fingerprintsOf, fingerprintUser } from "../cache/fingerprint.ts";
import { hitMemoKey } from "../cache/hit_memo.ts";
import { ADVISORY_REFRESH_MS } from "../cache/refresh_policy.ts";
import { deriveBoxKey, open } from "../cache/sealed_box.ts";
import { cacheDir, configFilePath, credentialsFilePath } from "../config/paths.ts";
import { credentialsFromEntry } from "../credentials/entry_credentials.ts";
import type { TemporaryCredentials } from "../credential_types.ts";
import { credentialProcessJson } from "../output/credential_process.ts";
import {
  lstatOrUndefined,
  osName,
  readFileChecked,
  readTextFileChecked,
  systemUserName,
  writeAllSync,
} from "../system/hit_deps.ts";
import { distrustOf } from "../system/private_dir.ts";

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

/**
 * What a hit prints for `args` (the credential_process JSON), or `undefined` when the full
 * program must run: nothing is written.
 */
export async function cacheHitOutput(args: string[]): Promise<string | undefined> {
  const request = hitRequest(args);
  if (!request) return undefined;
  try {
    const env = {
      os: osName(),
      env: (name: string) => Deno.env.get(name),
      uid: () => Deno.uid() ?? undefined,
    };
    const dir = cacheDir(env);
    const uid = env.uid();
    if (uid !== undefined && distrustOf(lstatOrUndefined(dir), uid)) return undefined;
    const salt = readFileChecked(`${dir}/${SALT_FILE}`);
    if (salt?.length !== SALT_BYTES) return undefined;
    // The keys first: their derivation runs on other threads while the memo key is computed.
    const stat = env.os === "linux" ? readTextFileChecked("/proc/stat") : undefined;
    const prints = fingerprintsOf(
      bootTimes(stat, Date.now() / 1000, () => Deno.osUptime()),
      Deno.hostname(),
      fingerprintUser(env),
    );
    const keys = Promise.all(prints.map((print) => deriveBoxKey(print, salt)));
    keys.catch(() => {});
    // Only the memo: the same files and environment as a run that resolved the profile. On a
    // miss the full program resolves it (and writes the memo for the next run).
    const key = await hitMemoKey({ envAll: () => Deno.env.toObject() }, {
      profile: request.profile,
      userName: await systemUserName(env.os),
      configText: readTextFileChecked(configFilePath(env)) ?? "",
      credentialsText: readTextFileChecked(credentialsFilePath(env)) ?? "",
    });
    const box = readFileChecked(`${dir}/${key}${ENTRY_SUFFIX}`);
    if (!box) return undefined;
    for (const candidate of await keys) {
      const plain = await open(candidate, key, box);
      if (!plain) continue;
      const credentials = credentialsFromEntry(decodeEntry(plain));
      return credentials && servable(credentials, request.disableMandatoryRefresh, Date.now())
        ? credentialProcessJson(credentials)
        : undefined;
    }
    return undefined;
  } catch {
    // Whatever went wrong, the full program says it properly.
    return undefined;
  }
}

/** Serves `assume` from the cache if it can; false when the full program must run. */
export async function serveCacheHit(args: string[]): Promise<boolean> {
  const output = await cacheHitOutput(args);
  if (output === undefined) return false;
  writeAllSync(Deno.stdout, new TextEncoder().encode(output));
  return true;
}
