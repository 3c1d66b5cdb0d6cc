/**
 * `list`: one table of the vegas profiles: role, source, MFA device, and state (the time left on
 * the cached role credentials and on the source's MFA session). Changes no cache entry; keeps
 * the table as the list memo (src/cache/list_memo.ts) for the next `list`, which the startup
 * path then serves. Never prints a secret.
 *
 * @module
 */

import { CredentialCache } from "../../cache/credential_cache.ts";
import { cacheDir } from "../../config/paths.ts";
import {
  loadSharedConfig,
  type ProfileSettings,
  type SharedConfig,
} from "../../config/shared_config.ts";
import { hitMemoKey } from "../../cache/hit_memo.ts";
import {
  fileStamp,
  LIST_MEMO_KIND,
  LIST_MEMO_LIFETIME_MS,
  type ListMemo,
  type MemoEntry,
  type MemoStatePart,
  renderListMemo,
} from "../../cache/list_memo.ts";
import type { Deps } from "../../deps.ts";
import { effectiveSettings } from "../../config/include_profile.ts";
import { sourceOf } from "../../credentials/sources/registry.ts";
import {
  isVegasProfile,
  resolveTargetProfile,
  rootOf,
  type TargetProfile,
} from "../../config/target_profile.ts";
import { openKeyring } from "../../keyring/open_keyring.ts";
import { mfaSessionCacheKey, roleCacheKey } from "../../credentials/cache_keys.ts";
import { usesMfaSession } from "../../credentials/session_policy.ts";
import { shown } from "../../text/terminal_text.ts";
import { byFirstCell } from "../../output/table.ts";
import type { CommandContext } from "../command_context.ts";

/** Any C0 or C1 control character: such a name cannot be typed, and could drive a terminal. */
// deno-lint-ignore no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;

/**
 * How many profiles are looked up at once: each needs two hashes and a cache read, all of them
 * hops to other threads, so one at a time took 18 s for 60 000 profiles.
 */
const PARALLEL_ROWS = 64;

/** `work` on every item, at most `limit` at a time; the results in the items' order. */
async function mapWithin<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Runs `list`. */
export async function run({ deps, log, signal, args, flags }: CommandContext): Promise<void> {
  const names = args.switches.has("--names");
  const cache = new CredentialCache(cacheDir(deps), deps);
  // The cache's keys are derived (other threads) while the files are read and parsed.
  if (!names) cache.prepare();
  const config = await loadSharedConfig(deps);
  if (names) {
    // For the shell completions: the files are read by this command, which refuses FIFOs and
    // symlinks that are not ours, so that completion never hangs on them.
    const profiles = [...config.profiles.keys()].filter((name) => !CONTROL.test(name)).sort();
    await deps.writeStdout(profiles.map((name) => name + "\n").join(""));
    return;
  }
  const userName = await deps.userName();
  // What the table shows, as data: rendered below, and kept as the list memo when every state
  // in it is of cache entries (src/cache/list_memo.ts).
  const entries: MemoEntry[] = [];
  let memoizable = !flags.hideArns;
  const entryPart = async (key: string, label: string, none: string): Promise<MemoStatePart> => {
    const path = cache.entryPath(key);
    const stampBefore = fileStamp(await deps.lstat(path).catch(() => undefined));
    const entry = await cache.peek(key).catch(() => undefined);
    const stamp = fileStamp(await deps.lstat(path).catch(() => undefined));
    // Replaced while it was read: shown as read, but no memo is made of it.
    if (stamp !== stampBefore) memoizable = false;
    entries.push({ key, stamp, expiresAt: entry?.expiresAt ?? null });
    return { entry: entries.length - 1, label, none };
  };
  let keyring: Promise<{ items: string[]; where: string } | { error: string }> | undefined;
  // The keyring is opened once, and only when a profile's keys may be there.
  const keyringItems = () =>
    keyring ??= openKeyring(deps, signal).then(
      async (store) => ({ items: await store.list(), where: store.where }),
      (error) => ({ error: (error as Error).message }),
    ).catch((error) => ({ error: (error as Error).message }));
  // Profiles share MFA sessions: each session's key and time left is found once.
  const sessions = new Map<string, Promise<MemoStatePart>>();
  const sessionLeft = (target: TargetProfile) => {
    const id = JSON.stringify([
      target.sourceProfile,
      target.mfaSerial,
      target.mfaSessionDurationSeconds,
    ]);
    let left = sessions.get(id);
    if (!left) {
      left = mfaSessionCacheKey(config, target).then((key) =>
        entryPart(key, "MFA session", "no MFA session")
      );
      sessions.set(id, left);
    }
    return left;
  };
  const row = async (
    name: string,
    settings: ProfileSettings,
  ): Promise<ListMemo["rows"][number]> => {
    let target: TargetProfile;
    try {
      target = resolveTargetProfile(config, name, deps, { userName });
    } catch (error) {
      return {
        cells: [
          shown(name, 64),
          shown(log.redact(settings.get("vegas_role_arn")?.value ?? "-"), 100),
          shown(settings.get("vegas_source_profile")?.value ?? "-", 64),
          "-",
        ],
        state: [`config error: ${shown((error as Error).message, 120)}`],
      };
    }
    const state: MemoStatePart[] = [];
    const roleKey = await roleCacheKey(config, target, deps);
    state.push(await entryPart(roleKey, "credentials", "no credentials cached"));
    if (usesMfaSession(target) && target.sourceHasLongTermKey) {
      state.push(await sessionLeft(target));
    }
    const root = rootOf(target).sourceProfile;
    const sourceSettings = effectiveSettings(config, root);
    const described = await sourceOf(sourceSettings, root).describe({
      sourceProfile: root,
      settings: sourceSettings,
      config,
      deps,
      keyringItems: async () => {
        const items = await keyringItems();
        if ("error" in items) throw new Error(items.error);
        return items;
      },
    });
    if (described.state) {
      // Text of its own time (an SSO token's time left) or of the keyring: never memoized.
      memoizable = false;
      state.push(shown(described.state, 160));
    }
    return {
      cells: [
        shown(name, 64),
        shown(log.redact(target.roleArn || "-"), 100),
        shown(target.chain.slice(1).join(" → "), 100),
        target.mfaSerial ? shown(log.redact(target.mfaSerial), 100) : "-",
      ],
      state,
    };
  };
  const profiles = [...config.profiles].filter(([, settings]) => isVegasProfile(settings));
  const rows = await mapWithin(profiles, PARALLEL_ROWS, ([name, settings]) => row(name, settings));
  rows.sort((a, b) => byFirstCell(a.cells, b.cells));
  const memo: ListMemo = { kind: LIST_MEMO_KIND, rows, entries };
  if (rows.length === 0) {
    memo.text =
      `No profile in ${config.configFile} or ${config.credentialsFile} has vegas_role_arn or vegas_source_profile\n`;
  }
  let output = renderListMemo(memo, deps.now());
  // Which profiles have keys in the keyring (asked only when a profile's source may be there).
  const opened = keyring && await keyring;
  if (keyring) memoizable = false;
  if (opened && !("error" in opened) && opened.items.length > 0) {
    output += `\nKeys in ${opened.where}: ${
      opened.items.map((item) => shown(item, 64)).join(", ")
    }\n`;
  }
  await deps.writeStdout(output);
  if (memoizable) await writeListMemo(cache, deps, config, userName, memo);
}

/**
 * Keeps `memo` for the next plain `list` (src/cli/cache_hit.ts serves it), in a cache that
 * exists already: `list` never creates one. A memo that cannot be written is only a slower
 * next run.
 */
async function writeListMemo(
  cache: CredentialCache,
  deps: Deps,
  config: SharedConfig,
  userName: string | undefined,
  memo: ListMemo,
): Promise<void> {
  try {
    const key = await hitMemoKey(deps, {
      profile: "",
      userName,
      configText: config.texts.config,
      credentialsText: config.texts.credentials,
    }, "list memo 1");
    const now = deps.now();
    await cache.writeIfKeyed(key, {
      profile: "",
      expiresAt: now + LIST_MEMO_LIFETIME_MS,
      createdAt: now,
      data: memo,
    });
  } catch {
    // Unwritable: the next list runs in full again.
  }
}
