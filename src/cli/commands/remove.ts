/**
 * `remove --profile NAME`: deletes the profile's key from the keyring, and the sessions cached
 * with it: its MFA session and the role credentials of every profile whose chain starts at it.
 *
 * @module
 */

import { CredentialCache } from "../../cache/credential_cache.ts";
import { cacheDir, displayPath } from "../../config/paths.ts";
import { loadSharedConfig } from "../../config/shared_config.ts";
import { resolveTargetProfile, rootOf } from "../../config/target_profile.ts";
import { openKeyring } from "../../keyring/open_keyring.ts";
import { shown } from "../../text/terminal_text.ts";
import type { CommandContext } from "../command_context.ts";

/** Runs `remove`. */
export async function run({ args, deps, signal }: CommandContext): Promise<void> {
  const name = args.values.get("--profile")!;
  const store = await openKeyring(deps, signal);
  const removed = await store.remove(name);
  const config = await loadSharedConfig(deps).catch(() => undefined);
  const owners = new Set([`${name} (MFA session)`]);
  const userName = await deps.userName();
  for (const [profile, settings] of config?.profiles ?? []) {
    if (!settings.has("vegas_role_arn")) continue;
    try {
      const target = resolveTargetProfile(config!, profile, deps, { userName });
      if (rootOf(target).sourceProfile === name) owners.add(profile);
    } catch {
      // A broken profile has nothing cached.
    }
  }
  const cache = new CredentialCache(cacheDir(deps), deps);
  const cached = (await cache.list().catch(() => [])).filter((item) =>
    item.entry && owners.has(item.entry.profile)
  );
  await Promise.all(cached.map((item) => cache.remove(item.key).catch(() => {})));
  await deps.writeStdout(
    (removed
      ? `Removed the key of profile ${shown(name, 100)} from ${store.where}`
      : `No key of profile ${shown(name, 100)} in ${store.where}`) +
      (cached.length > 0
        ? `, and the sessions cached with it from ${displayPath(deps, cache.dir)}`
        : "") +
      "\n",
  );
}
