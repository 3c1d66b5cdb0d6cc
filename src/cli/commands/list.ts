/**
 * `list`: one table of the vegas profiles: role, source, MFA device, and state (the time left on
 * the cached role credentials and on the source's MFA session). Reads the cache without
 * changing it; never prints a secret.
 *
 * @module
 */

import { CredentialCache } from "../../cache/credential_cache.ts";
import { cacheDir } from "../../config/paths.ts";
import { loadSharedConfig } from "../../config/shared_config.ts";
import { effectiveSettings } from "../../config/include_profile.ts";
import { sourceKind } from "../../config/source_kind.ts";
import { resolveTargetProfile, rootOf, type TargetProfile } from "../../config/target_profile.ts";
import { openKeyring } from "../../keyring/open_keyring.ts";
import { mfaSessionCacheKey, roleCacheKey } from "../../credentials/cache_keys.ts";
import { usesMfaSession } from "../../credentials/session_policy.ts";
import { formatTimeLeft } from "../../output/time_left.ts";
import { shown } from "../../text/terminal_text.ts";
import type { CommandContext } from "../command_context.ts";

/** Any C0 or C1 control character: such a name cannot be typed, and could drive a terminal. */
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;

/** Runs `list`. */
export async function run({ deps, log, signal, args }: CommandContext): Promise<void> {
  const config = await loadSharedConfig(deps);
  if (args.switches.has("--names")) {
    // For the shell completions: the files are read by this command, which refuses FIFOs and
    // symlinks that are not ours, so that completion never hangs on them.
    const names = [...config.profiles.keys()].filter((name) => !CONTROL.test(name)).sort();
    await deps.writeStdout(names.map((name) => name + "\n").join(""));
    return;
  }
  const cache = new CredentialCache(cacheDir(deps), deps);
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
  const rows: string[][] = [];
  for (const [name, settings] of config.profiles) {
    if (!settings.has("vegas_role_arn")) continue;
    let target: TargetProfile;
    try {
      target = resolveTargetProfile(config, name, deps, { userName });
    } catch (error) {
      rows.push([
        shown(name, 64),
        shown(log.redact(settings.get("vegas_role_arn")!.value), 100),
        shown(settings.get("vegas_source_profile")?.value ?? "-", 64),
        "-",
        `config error: ${shown((error as Error).message, 120)}`,
      ]);
      continue;
    }
    const state: string[] = [];
    const role = await timeLeft(await roleCacheKey(config, target, deps));
    state.push(role ? `credentials ${role}` : "no credentials cached");
    if (usesMfaSession(target) && target.sourceHasLongTermKey) {
      const session = await timeLeft(await mfaSessionCacheKey(config, target));
      state.push(session ? `MFA session ${session}` : "no MFA session");
    }
    const root = rootOf(target).sourceProfile;
    if (sourceKind(effectiveSettings(config, root), root) === "keyring") {
      const keyring = await keyringItems();
      state.push(
        "error" in keyring
          ? `keyring unreadable: ${shown(keyring.error, 120)}`
          : keyring.items.includes(root)
          ? `keys in ${keyring.where}`
          : `no keys for ${shown(root, 64)} (vegas-credentials add --profile ${shown(root, 64)})`,
      );
    }
    rows.push([
      shown(name, 64),
      shown(log.redact(target.roleArn), 100),
      shown(target.chain.slice(1).join(" → "), 100),
      target.mfaSerial ? shown(log.redact(target.mfaSerial), 100) : "-",
      state.join(", "),
    ]);
  }
  if (rows.length === 0) {
    await deps.writeStdout(
      `No profile in ${config.configFile} or ${config.credentialsFile} has vegas_role_arn\n`,
    );
    return;
  }
  rows.sort((a, b) => a[0].localeCompare(b[0]));
  const all = [["PROFILE", "ROLE", "SOURCE", "MFA", "STATE"], ...rows];
  const widths = all[0].map((_, column) => Math.max(...all.map((row) => row[column].length)));
  const lines = all.map((row) =>
    row.map((cell, column) => column === row.length - 1 ? cell : cell.padEnd(widths[column]))
      .join("  ")
  );
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
