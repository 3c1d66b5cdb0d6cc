/**
 * Whether we run in a terminal's foreground process group, where a Ctrl-C reaches every process
 * of the group by itself.
 *
 * On the cache-hit path (`exec` served from the cache): Deno's API only.
 *
 * @module
 */

import type { OsName } from "../deps.ts";

/**
 * Linux: fields 5 (process group) and 8 (the terminal's foreground process group, -1 without a
 * terminal) of /proc/self/stat. Elsewhere: whether stdin is a terminal, the best guess there.
 */
export function inTerminalForeground(os: OsName): boolean {
  if (os !== "linux") return Deno.stdin.isTerminal();
  try {
    const stat = Deno.readTextFileSync("/proc/self/stat");
    // The command name (field 2) is in parentheses and may hold spaces: count after it.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const group = Number(fields[2]);
    const foreground = Number(fields[5]);
    return foreground > 0 && foreground === group;
  } catch {
    return false;
  }
}
