/**
 * The environment fingerprint that cache keys are derived from, as in the original tool: boot
 * time, host name and user id. A reboot, another host or another user makes old entries
 * unreadable, which reads as a miss.
 *
 * Boot time: Linux's `/proc/stat` `btime` is exact. Elsewhere it is estimated as now minus
 * uptime, which jitters by ±1 s, so it is rounded to the minute and the neighbouring minute is
 * offered as a second candidate when the estimate sits near a boundary.
 *
 * @module
 */

import type { Deps } from "../deps.ts";

type FingerprintDeps = Pick<
  Deps,
  "readTextFile" | "hostname" | "uid" | "osUptime" | "now" | "os" | "env"
>;

/** Candidate boot times in seconds since the epoch, most likely first. */
export async function bootTimeCandidates(deps: FingerprintDeps): Promise<number[]> {
  const stat = deps.os === "linux"
    ? await deps.readTextFile("/proc/stat").catch(() => undefined)
    : undefined;
  return bootTimes(stat, deps.now() / 1000, () => deps.osUptime());
}

/**
 * Candidate boot times from Linux's `/proc/stat` text `stat` when it has one, else from the
 * uptime estimate.
 */
export function bootTimes(
  stat: string | undefined,
  nowSeconds: number,
  uptimeSeconds: () => number,
): number[] {
  const boot = stat === undefined ? undefined : bootTimeFromStat(stat);
  return boot !== undefined ? [boot] : bootTimeFromUptime(nowSeconds, uptimeSeconds());
}

/**
 * The `btime` line of Linux's `/proc/stat`: seconds since the epoch, or `undefined`.
 *
 * Written by hand for speed, instead of the regular expression `/^btime (\d+)$/m`, whose
 * first compilation costs ~0.2 ms of the cache hit (tests/cache/fingerprint_test.ts compares
 * the two).
 */
export function bootTimeFromStat(stat: string): number | undefined {
  // Where the line starts in `stat` is where its newline sits in "\n" + stat.
  const line = `\n${stat}`.indexOf("\nbtime ");
  if (line < 0) return undefined;
  const end = stat.indexOf("\n", line);
  const digits = stat.slice(line + 6, end < 0 ? stat.length : end);
  if (digits.length === 0) return undefined;
  for (let i = 0; i < digits.length; i++) {
    const code = digits.charCodeAt(i);
    if (code < 48 || code > 57) return undefined;
  }
  return Number(digits);
}

/** Rounds `now - uptime` to the minute; near a minute boundary, both neighbours are candidates. */
export function bootTimeFromUptime(nowSeconds: number, uptimeSeconds: number): number[] {
  const estimate = nowSeconds - uptimeSeconds;
  const minute = Math.round(estimate / 60) * 60;
  const distance = estimate - minute;
  // The boundary between two rounded minutes lies at minute ± 30 s; within 2 s of it the jitter
  // may put another run of the same boot on the other side.
  if (Math.abs(distance) > 28) return [minute, distance > 0 ? minute + 60 : minute - 60];
  return [minute];
}

/** The fingerprint strings for each boot time candidate. */
export async function fingerprints(deps: FingerprintDeps): Promise<string[]> {
  return fingerprintsOf(await bootTimeCandidates(deps), deps.hostname(), fingerprintUser(deps));
}

/** Who the fingerprint names: the uid, or on Windows the user name. */
export function fingerprintUser(deps: Pick<Deps, "uid" | "env">): string {
  return String(deps.uid() ?? deps.env("USERNAME") ?? "");
}

/** The fingerprint strings of `boots` on `host` for `user`. */
export function fingerprintsOf(boots: number[], host: string, user: string): string[] {
  return boots.map((boot) => `boot=${boot};host=${host};user=${user}`);
}
