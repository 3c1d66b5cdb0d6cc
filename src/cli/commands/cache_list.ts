/**
 * `cache list` (alias `cache status`): the cached credentials, their time left and expiry.
 *
 * @module
 */

import { CredentialCache } from "../../cache/credential_cache.ts";
import { isMemo } from "../../cache/hit_memo.ts";
import { cacheDir, displayPath } from "../../config/paths.ts";
import type { Deps } from "../../deps.ts";
import type { Logger } from "../../log.ts";
import { formatExpiration } from "../../output/credential_process.ts";
import { formatTimeLeft } from "../../output/time_left.ts";
import { formatTable } from "../../output/table.ts";
import { shown } from "../../text/terminal_text.ts";
import { compareText } from "../../text/collation.ts";
import type { CommandContext } from "../command_context.ts";

/** Runs `cache list`. */
export function run({ deps, log }: CommandContext): Promise<void> {
  return cacheList(deps, log);
}

/** Lists the cached credentials: profile, time left, expiry. No secrets. */
async function cacheList(deps: Deps, log: Logger): Promise<void> {
  const cache = new CredentialCache(cacheDir(deps), deps);
  // A hit memo repeats credentials listed under their own entry: not shown again.
  const listed = (await cache.list()).filter((item) => !isMemo(item.entry));
  const readable = listed.flatMap((item) => item.entry ? [item.entry] : []);
  const lines: string[] = [];
  if (readable.length === 0) {
    lines.push(`No cached credentials in ${displayPath(deps, cache.dir)}`);
  } else {
    readable.sort((a, b) => compareText(a.profile, b.profile) || a.expiresAt - b.expiresAt);
    const rows = [
      ["PROFILE", "LEFT", "EXPIRES"],
      ...readable.map((
        e,
      ) => [
        shown(e.profile, 80),
        formatTimeLeft(e.expiresAt - deps.now()),
        formatExpiration(new Date(e.expiresAt)),
      ]),
    ];
    lines.push(...formatTable(rows));
  }
  const unreadable = listed.length - readable.length;
  if (unreadable > 0) {
    lines.push(
      `${unreadable} more ${
        unreadable === 1 ? "entry is" : "entries are"
      } unreadable here (written before a ` +
        `reboot, or damaged); vegas-credentials cache clean removes them`,
    );
  }
  await deps.writeStdout(log.redact(lines.join("\n")) + "\n");
}
