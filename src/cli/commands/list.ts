/**
 * `list`: one table of the vegas profiles: role, source, MFA device, and state (the time left on
 * the cached role credentials and on the source's MFA session). Reads the cache without
 * changing it; never prints a secret.
 *
 * @module
 */

import { CredentialCache } from "../../cache/credential_cache.ts";
import { cacheDir } from "../../config/paths.ts";
import { loadSharedConfig, type ProfileSettings } from "../../config/shared_config.ts";
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
import { formatTimeLeft } from "../../output/time_left.ts";
import { shown } from "../../text/terminal_text.ts";
import { byFirstCell, formatTable } from "../../output/table.ts";
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
export async function run({ deps, log, signal, args }: CommandContext): Promise<void> {
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
  const timeLeft = async (key: string) => {
    const entry = await cache.peek(key).catch(() => undefined);
    const left = entry ? entry.expiresAt - deps.now() : 0;
    return left > 0 ? formatTimeLeft(left) : undefined;
  };
  let keyring: Promise<{ items: string[]; where: string } | { error: string }> | undefined;
  // The keyring is opened once, and only when a profile's keys may be there.
  const keyringItems = () =>
    keyring ??= openKeyring(deps, signal).then(
      async (store) => ({ items: await store.list(), where: store.where }),
      (error) => ({ error: (error as Error).message }),
    ).catch((error) => ({ error: (error as Error).message }));
  // Profiles share MFA sessions: each session's key and time left is found once.
  const sessions = new Map<string, Promise<string | undefined>>();
  const sessionLeft = (target: TargetProfile) => {
    const id = JSON.stringify([
      target.sourceProfile,
      target.mfaSerial,
      target.mfaSessionDurationSeconds,
    ]);
    let left = sessions.get(id);
    if (!left) sessions.set(id, left = mfaSessionCacheKey(config, target).then(timeLeft));
    return left;
  };
  const row = async (name: string, settings: ProfileSettings): Promise<string[]> => {
    let target: TargetProfile;
    try {
      target = resolveTargetProfile(config, name, deps, { userName });
    } catch (error) {
      return [
        shown(name, 64),
        shown(log.redact(settings.get("vegas_role_arn")?.value ?? "-"), 100),
        shown(settings.get("vegas_source_profile")?.value ?? "-", 64),
        "-",
        `config error: ${shown((error as Error).message, 120)}`,
      ];
    }
    const state: string[] = [];
    const role = await timeLeft(await roleCacheKey(config, target, deps));
    state.push(role ? `credentials ${role}` : "no credentials cached");
    if (usesMfaSession(target) && target.sourceHasLongTermKey) {
      const session = await sessionLeft(target);
      state.push(session ? `MFA session ${session}` : "no MFA session");
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
    if (described.state) state.push(shown(described.state, 160));
    return [
      shown(name, 64),
      shown(log.redact(target.roleArn || "-"), 100),
      shown(target.chain.slice(1).join(" → "), 100),
      target.mfaSerial ? shown(log.redact(target.mfaSerial), 100) : "-",
      state.join(", "),
    ];
  };
  const profiles = [...config.profiles].filter(([, settings]) => isVegasProfile(settings));
  const rows = await mapWithin(profiles, PARALLEL_ROWS, ([name, settings]) => row(name, settings));
  if (rows.length === 0) {
    await deps.writeStdout(
      `No profile in ${config.configFile} or ${config.credentialsFile} has vegas_role_arn or vegas_source_profile\n`,
    );
    return;
  }
  rows.sort(byFirstCell);
  rows.unshift(["PROFILE", "ROLE", "SOURCE", "MFA", "STATE"]);
  const lines = formatTable(rows);
  // Which profiles have keys in the keyring (asked only when a profile's source may be there).
  const opened = keyring && await keyring;
  if (opened && !("error" in opened) && opened.items.length > 0) {
    lines.push(
      "",
      `Keys in ${opened.where}: ${opened.items.map((item) => shown(item, 64)).join(", ")}`,
    );
  }
  await deps.writeStdout(lines.join("\n") + "\n");
}
