/**
 * `cache list` (alias `cache status`) and `cache clean [--profile NAME]`.
 *
 * @module
 */

import { CredentialCache } from "../cache/credential_cache.ts";
import { cacheDir, displayPath } from "../config/paths.ts";
import type { Deps } from "../deps.ts";
import type { Logger } from "../log.ts";
import { formatExpiration } from "../output/credential_process.ts";

/** "1h 05m", "12m", "expired". */
export function formatTimeLeft(ms: number): string {
  if (ms <= 0) return "expired";
  const minutes = Math.floor(ms / 60_000);
  return minutes >= 60
    ? `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`
    : `${minutes}m`;
}

/** Lists the cached credentials: profile, time left, expiry. No secrets. */
export async function cacheListCommand(deps: Deps, log: Logger): Promise<void> {
  const cache = new CredentialCache(cacheDir(deps), deps);
  const listed = await cache.list();
  const readable = listed.flatMap((item) => item.entry ? [item.entry] : []);
  const lines: string[] = [];
  if (readable.length === 0) {
    lines.push(`No cached credentials in ${displayPath(deps, cache.dir)}`);
  } else {
    readable.sort((a, b) => a.profile.localeCompare(b.profile) || a.expiresAt - b.expiresAt);
    const rows = [
      ["PROFILE", "LEFT", "EXPIRES"],
      ...readable.map((
        e,
      ) => [
        e.profile,
        formatTimeLeft(e.expiresAt - deps.now()),
        formatExpiration(new Date(e.expiresAt)),
      ]),
    ];
    const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column].length)));
    for (const row of rows) {
      lines.push(`${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2]}`);
    }
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

/** Removes cached credentials: all of them, or those of one profile. */
export async function cacheCleanCommand(profile: string | undefined, deps: Deps): Promise<void> {
  const cache = new CredentialCache(cacheDir(deps), deps);
  const where = displayPath(deps, cache.dir);
  if (profile === undefined) {
    const removed = await cache.clear();
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
