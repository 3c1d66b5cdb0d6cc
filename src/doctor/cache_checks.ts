/**
 * `doctor`'s checks of the places we keep state: the cache and log directories are ours alone
 * and writable, and how many cached entries can be read here.
 *
 * @module
 */

import { CredentialCache } from "../cache/credential_cache.ts";
import { isMemo } from "../cache/hit_memo.ts";
import { cacheDir, displayPath, stateDir } from "../config/paths.ts";
import type { Deps } from "../deps.ts";
import { distrustedDir } from "../system/private_dir.ts";
import { fail, type Finding, ok, warn } from "./finding.ts";

/** Whether we can create a file in `dir` (it is removed again). */
async function writable(dir: string, deps: Deps): Promise<boolean> {
  const probe = `${dir}/.doctor-${crypto.randomUUID()}`;
  try {
    if (!(await deps.createFileExclusive(probe, new Uint8Array()))) return false;
    await deps.removeFile(probe);
    return true;
  } catch {
    return false;
  }
}

/** The cache and state directory findings. */
export async function stateFindings(deps: Deps): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (
    const [what, dir, variable] of [
      ["cache", cacheDir(deps), "XDG_CACHE_HOME"],
      ["log", stateDir(deps), "XDG_STATE_HOME"],
    ] as const
  ) {
    const shown = displayPath(deps, dir);
    const problem = await distrustedDir(dir, deps);
    if (problem) {
      findings.push(fail(
        `the ${what} directory ${shown} is not used: ${problem}`,
        `remove it (it is recreated, 0700), or set ${variable} to a directory of your own`,
      ));
      continue;
    }
    if (!(await deps.lstat(dir))) {
      findings.push(ok(`the ${what} directory ${shown} does not exist yet (created 0700 on use)`));
      continue;
    }
    if (!(await writable(dir, deps))) {
      findings.push(fail(
        `the ${what} directory ${shown} is not writable`,
        `fix its permissions (chmod 700 ${shown}), or set ${variable}`,
      ));
      continue;
    }
    findings.push(ok(`the ${what} directory ${shown} is yours alone and writable`));
  }
  const cache = new CredentialCache(cacheDir(deps), deps);
  const listed = await cache.list().catch(() => undefined);
  if (listed) {
    const shown = listed.filter((item) => !isMemo(item.entry));
    const unreadable = shown.filter((item) => !item.entry).length;
    const text = `${shown.length - unreadable} cached entr${
      shown.length - unreadable === 1 ? "y" : "ies"
    } readable here`;
    findings.push(
      unreadable === 0 ? ok(text) : warn(
        `${text}, ${unreadable} unreadable (written before a reboot, or on another host or ` +
          `user, or damaged)`,
        "they are replaced when next used; vegas-credentials cache clean removes them now",
      ),
    );
  }
  return findings;
}
