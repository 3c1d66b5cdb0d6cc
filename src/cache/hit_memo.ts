/**
 * The hit memo: a cache entry that maps the exact inputs of `assume --profile NAME` (the two
 * AWS files' text, the environment variables a profile's resolution may read, the user name,
 * the profile name and the program version) straight to the credentials they resolved to.
 *
 * Written for speed: with it, a cache hit reads the two files and hashes them instead of parsing
 * them and resolving the profile, which is most of the hit's own cost. It is only a shortcut:
 * any change to any input gives another key, which misses, and the full program then runs,
 * resolves the profile, serves the role's own entry and writes the memo whenever it hands out a
 * profile's credentials.
 * tests/cache/hit_memo_test.ts checks that resolution reads no variable outside the set hashed.
 *
 * On the cache-hit path: Web Crypto and the environment only.
 *
 * @module
 */

import type { Deps } from "../deps.ts";
import { sha256Hex } from "../text/sha256_hex.ts";
import { VERSION } from "../version.ts";
import { LIST_MEMO_KIND } from "./list_memo.ts";

/** Variable name prefixes hashed into the memo's key: every AWS and vegas setting. */
export const MEMO_ENV_PREFIXES: readonly string[] = ["AWS_", "VEGAS_CREDENTIALS_"];

/** Other variables hashed into the key: where the files, the cache and the user are. */
export const MEMO_ENV_NAMES: readonly string[] = [
  "HOME",
  "USERPROFILE",
  "HOMEDRIVE",
  "HOMEPATH",
  "LOCALAPPDATA",
  "XDG_CACHE_HOME",
  "USER",
  "LOGNAME",
  "USERNAME",
];

/** Whether variable `name` is part of the memo's key. */
export function memoizedVariable(name: string): boolean {
  return MEMO_ENV_NAMES.includes(name) || MEMO_ENV_PREFIXES.some((p) => name.startsWith(p));
}

/** Marks a memo entry's data, so that `cache list` does not show it twice. */
export const MEMO_KIND = "hit-memo";

/**
 * Whether `entry` is a memo: a hit memo, which repeats credentials that have an entry of their
 * own, or a list memo (src/cache/list_memo.ts), which holds none.
 */
export function isMemo(entry: { data: unknown } | undefined): boolean {
  const kind = (entry?.data as { kind?: unknown } | undefined)?.kind;
  return kind === MEMO_KIND || kind === LIST_MEMO_KIND;
}

/** The inputs of one resolution. */
export interface MemoInputs {
  profile: string;
  userName: string | undefined;
  configText: string;
  credentialsText: string;
}

/** What a memo is of: `assume`'s credentials, or `list`'s table (its profile is ""). */
export type MemoPurpose = "hit memo 1" | "list memo 1";

/** The memo key of `inputs` under the current environment: 64 hex characters. */
export async function hitMemoKey(
  deps: Pick<Deps, "envAll">,
  inputs: MemoInputs,
  purpose: MemoPurpose = "hit memo 1",
): Promise<string> {
  const env = Object.entries(deps.envAll())
    .filter(([name]) => memoizedVariable(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const text = JSON.stringify([
    `vegas-credentials ${purpose}`,
    VERSION,
    inputs.profile,
    inputs.userName ?? null,
    env,
    inputs.configText,
    inputs.credentialsText,
  ]);
  return await sha256Hex(text);
}
