/**
 * The full program as the installed command loads it, in the same process, when the cache hit
 * cannot answer (src/cli/installed_main.ts): the entry of the program bundle, which
 * scripts/bundle.ts builds at install time with every npm package resolved and checked against
 * deno.lock then, so that nothing reads a lockfile or a config file at run time. It warns when
 * the checkout it was installed from has changed since (src/cli/bundle_sources.ts), checking at
 * most every 30 s (`CLEAN_CHECK_MS`) while the checkout stays clean.
 *
 * @module
 */

import { stateDir } from "../config/paths.ts";
import {
  osName,
  readFileChecked,
  readTextFileChecked,
  statOrUndefined,
} from "../system/hit_deps.ts";
import {
  changedSources,
  checkDue,
  cleanCheckMemo,
  sourceStamp,
  staleBundleWarning,
} from "./bundle_sources.ts";
import { CHECKOUT_URL } from "./checkout.ts";
import { localPath } from "./install_layout.ts";
import { runProgram } from "./program.ts";

/** The memo of the last clean check, in the state directory. */
const MEMO_NAME = "install-check.json";

/** The stale-install warning for the record at `recordPath`, if the checkout changed since. */
async function staleWarning(recordPath: string): Promise<string | undefined> {
  const repo = localPath(new URL(CHECKOUT_URL)).replace(/[\\/]$/, "");
  const record = statOrUndefined(recordPath);
  const stamp = record ? sourceStamp(record) : undefined;
  const dir = stateDir({ os: osName(), env: (name) => Deno.env.get(name) });
  const memoPath = `${dir}/${MEMO_NAME}`;
  if (stamp !== undefined) {
    let memo: string | undefined;
    try {
      // Our own file: a symlink or special file in its place is not followed or opened.
      const bytes = readFileChecked(memoPath);
      memo = bytes && new TextDecoder().decode(bytes);
    } catch {
      memo = undefined; // not a plain file of ours: checked anew, and not rewritten
    }
    if (!checkDue(memo, stamp, Date.now())) return undefined;
  }
  const changed = await changedSources(repo, recordPath, {
    readText: readTextFileChecked,
    stat: statOrUndefined,
  });
  if (changed.length === 0 && stamp !== undefined) {
    try {
      Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const temp = `${memoPath}.${Deno.pid}.tmp`;
      Deno.writeTextFileSync(temp, cleanCheckMemo(stamp, Date.now()), {
        createNew: true,
        mode: 0o600,
      });
      Deno.renameSync(temp, memoPath);
    } catch {
      // Unwritable: the next run checks again.
    }
  }
  return staleBundleWarning(repo, changed);
}

/** Runs the full program on `args`, the record of the install at `recordPath` checked first. */
export async function runInstalled(args: string[], recordPath: string): Promise<number> {
  return runProgram(args, await staleWarning(recordPath));
}
