/**
 * The cache hit, and nothing else: the hot path of every AWS command. When the cached
 * credentials of the profile asked for are well clear of every refresh window, found through
 * the hit memo (src/cache/hit_memo.ts), it serves `assume` (the credential_process JSON),
 * `export` (every format) and `exec` (the child run with them, src/cli/hit_exec.ts), `--version`,
 * and a plain `list` from the list memo (src/cache/list_memo.ts), and the program ends. Anything else (another command, a flag such as
 * `--verbose`, a memo miss, an unreadable entry, credentials near a refresh window) goes to the
 * full program, which starts from the beginning with modules of its own (in the same process,
 * from `main.ts` through entry.ts, or from the program bundle beside the installed command).
 * Nothing is shared between the two but the command line, so no module is used in two copies.
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
import { hitMemoKey, type MemoPurpose } from "../cache/hit_memo.ts";
import { entriesUnchanged, fileStamp, listMemoOf, renderListMemo } from "../cache/list_memo.ts";
import type { CacheEntry } from "../cache/entry_codec.ts";
import { ADVISORY_REFRESH_MS } from "../cache/refresh_policy.ts";
import { deriveBoxKey, open } from "../cache/sealed_box.ts";
import { cacheDir, configFilePath, credentialsFilePath } from "../config/paths.ts";
import { credentialsFromEntry } from "../credentials/entry_credentials.ts";
import type { TemporaryCredentials } from "../credential_types.ts";
import { credentialProcessJson } from "../output/credential_process.ts";
import { EXPORT_FORMATS, type ExportFormat, exportText } from "../output/shell_formats.ts";
import { VERSION } from "../version.ts";
import {
  lstatOrUndefined,
  osName,
  readFileChecked,
  readTextFileChecked,
  systemUserName,
  writeAllSync,
} from "../system/hit_deps.ts";
import { distrustOf } from "../system/private_dir.ts";
import { execFromHit } from "./hit_exec.ts";

/** Switches that do not change what a hit does. */
const QUIET_SWITCHES = new Set(["--no-gui", "--disable-dialog", "--no-color", "--hide-arns"]);

/** What a hit may serve: a command line the full program would read the same way. */
export type HitRequest =
  | {
    kind: "assume" | "export" | "exec";
    profile: string;
    disableMandatoryRefresh: boolean;
    format: ExportFormat;
    command: string[];
  }
  | { kind: "version"; profile?: undefined }
  | { kind: "list"; profile?: undefined };

/**
 * What a hit needs from the command line, or `undefined` when only the full program will do:
 * any flag it does not know, a flag given twice, a value that is not one of the choices.
 */
export function hitRequest(args: string[]): HitRequest | undefined {
  const [kind, ...rest] = args;
  if ((kind === "--version" || kind === "version") && rest.length === 0) return { kind: "version" };
  if (kind === "list" && rest.length === 0) return { kind: "list" };
  if (kind !== "assume" && kind !== "export" && kind !== "exec") return undefined;
  let profile: string | undefined;
  let format: string | undefined;
  let disableMandatoryRefresh = false;
  let command: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    let value: string | undefined;
    let name = arg;
    if (arg.startsWith("--profile=") || arg.startsWith("--format=")) {
      name = arg.slice(0, arg.indexOf("="));
      value = arg.slice(arg.indexOf("=") + 1);
    } else if ((arg === "--profile" || arg === "--format") && i + 1 < rest.length) {
      value = rest[++i];
    }
    if (name === "--profile" && value !== undefined && profile === undefined) profile = value;
    else if (name === "--format" && value !== undefined && kind === "export" && !format) {
      format = value;
    } else if (arg === "--disable-mandatory-refresh" && kind === "assume") {
      disableMandatoryRefresh = true;
    } else if (QUIET_SWITCHES.has(arg)) continue;
    else if (kind === "exec" && (arg === "--" || !arg.startsWith("-"))) {
      command = rest.slice(arg === "--" ? i + 1 : i);
      break;
    } else return undefined;
  }
  if (!profile) return undefined;
  if (format !== undefined && !(EXPORT_FORMATS as readonly string[]).includes(format)) {
    return undefined;
  }
  return {
    kind,
    profile,
    disableMandatoryRefresh,
    format: (format ?? "env") as ExportFormat,
    command,
  };
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
 * The memo entry for `profile` (`""` for the list memo) under these files and this environment,
 * with the cache directory it is in; `undefined` when there is none that opens here.
 */
async function openMemo(
  profile: string,
  purpose: MemoPurpose,
): Promise<{ entry: CacheEntry; dir: string } | undefined> {
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
    profile,
    userName: await systemUserName(env.os),
    configText: readTextFileChecked(configFilePath(env)) ?? "",
    credentialsText: readTextFileChecked(credentialsFilePath(env)) ?? "",
  }, purpose);
  const box = readFileChecked(`${dir}/${key}${ENTRY_SUFFIX}`);
  if (!box) return undefined;
  for (const candidate of await keys) {
    const plain = await open(candidate, key, box);
    if (!plain) continue;
    const entry = decodeEntry(plain);
    return entry && { entry, dir };
  }
  return undefined;
}

/** The cached credentials of `profile` a hit may serve, with the profile's region. */
export async function cachedHit(
  profile: string,
  disableMandatoryRefresh: boolean,
): Promise<{ credentials: TemporaryCredentials; region: string | null | undefined } | undefined> {
  try {
    const entry = (await openMemo(profile, "hit memo 1"))?.entry;
    const credentials = credentialsFromEntry(entry);
    if (!credentials || !servable(credentials, disableMandatoryRefresh, Date.now())) {
      return undefined;
    }
    // A memo written before the region was kept has none: `undefined`, not `null`.
    const region = (entry?.data as { region?: unknown }).region;
    return {
      credentials,
      region: typeof region === "string" || region === null ? region : undefined,
    };
  } catch {
    // Whatever went wrong, the full program says it properly.
    return undefined;
  }
}

/**
 * `list`'s output from the list memo (src/cache/list_memo.ts), or `undefined` when there is no
 * memo for these files and this environment, or an entry it shows has changed since.
 */
export async function cachedList(): Promise<string | undefined> {
  try {
    const found = await openMemo("", "list memo 1");
    const now = Date.now();
    if (!found || found.entry.expiresAt <= now) return undefined;
    const memo = listMemoOf(found.entry.data);
    if (!memo) return undefined;
    const unchanged = entriesUnchanged(
      memo,
      (key) => fileStamp(lstatOrUndefined(`${found.dir}/${key}${ENTRY_SUFFIX}`)),
    );
    return unchanged ? renderListMemo(memo, now) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a hit prints for `args` (`assume`'s JSON, `export`'s text, the version), or `undefined`
 * when the full program must run, or for `exec`, which prints nothing: nothing is written.
 */
export async function cacheHitOutput(args: string[]): Promise<string | undefined> {
  const request = hitRequest(args);
  if (!request) return undefined;
  if (request.kind === "version") return `vegas-credentials ${VERSION}\n`;
  if (request.kind === "list") return await cachedList();
  if (request.kind === "exec") return undefined;
  const hit = await cachedHit(request.profile, request.disableMandatoryRefresh);
  if (!hit) return undefined;
  if (request.kind === "assume") return credentialProcessJson(hit.credentials);
  // The region is needed for every format but json and ini; an old memo lacks it.
  if (hit.region === undefined && request.format !== "json" && request.format !== "ini") {
    return undefined;
  }
  return exportText(request.format, request.profile, hit.region ?? undefined, hit.credentials);
}

/**
 * Serves `args` from the cache if it can, and resolves to the exit code; `undefined` when the
 * full program must run (nothing was written, nothing started).
 */
export async function serveCacheHit(args: string[]): Promise<number | undefined> {
  const request = hitRequest(args);
  if (request?.kind === "exec") {
    // A nested exec and a hit without the region are the full program's to refuse or resolve.
    if (Deno.env.get("VEGAS_CREDENTIALS_PROFILE")) return undefined;
    const hit = await cachedHit(request.profile, false);
    if (!hit || hit.region === undefined) return undefined;
    return await execFromHit(
      request.profile,
      request.command,
      hit.credentials,
      hit.region ?? undefined,
    );
  }
  const output = await cacheHitOutput(args);
  if (output === undefined) return undefined;
  writeAllSync(Deno.stdout, new TextEncoder().encode(output));
  return 0;
}
