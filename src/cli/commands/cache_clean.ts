/**
 * `cache clean [--profile NAME]`: removes cached credentials.
 *
 * @module
 */

import { isMemo } from "../../cache/hit_memo.ts";
import { CredentialCache } from "../../cache/credential_cache.ts";
import { cacheDir, displayPath } from "../../config/paths.ts";
import type { Deps } from "../../deps.ts";
import type { CommandContext } from "../command_context.ts";

/** Runs `cache clean`. */
export function run({ args, deps }: CommandContext): Promise<void> {
  return cacheClean(args.values.get("--profile"), deps);
}

/** Removes cached credentials: all of them, or those of one profile. */
async function cacheClean(profile: string | undefined, deps: Deps): Promise<void> {
  const cache = new CredentialCache(cacheDir(deps), deps);
  const where = displayPath(deps, cache.dir);
  if (profile === undefined) {
    // Counted as cache list shows them: a hit memo repeats another entry.
    const shown = (await cache.list().catch(() => [])).filter((item) => !isMemo(item.entry));
    const files = await cache.clear();
    const removed = Math.min(shown.length, files);
    await deps.writeStdout(
      `Removed ${removed} cached ${removed === 1 ? "entry" : "entries"} from ${where}\n`,
    );
    return;
  }
  const matching = (await cache.list()).filter((item) => item.entry?.profile === profile);
  await Promise.all(matching.map((item) => cache.remove(item.key)));
  await deps.writeStdout(
    matching.length === 0
      ? `No cached credentials for profile ${profile} in ${where}\n`
      : `Removed the cached credentials of profile ${profile} from ${where}\n`,
  );
}
