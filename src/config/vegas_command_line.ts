/**
 * Reads a `credential_process` command line that runs vegas-credentials: which profile it
 * names. Such a line in a source profile is ours, for other AWS tools, not a source to run.
 * Plain logic.
 *
 * @module
 */

import { splitCommandLine } from "../text/command_line.ts";

/** The profile a `vegas-credentials assume` command line names, if it is one. */
export function profileNamedBy(command: string): { ours: boolean; profile?: string } {
  const split = splitCommandLine(command);
  const argv = "argv" in split ? split.argv : command.split(/\s+/);
  const ours = argv.some((word) => /(^|[\\/])vegas-credentials(\.exe|\.cmd)?$/.test(word));
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith("--profile=")) return { ours, profile: argv[i].slice(10) };
    if (argv[i] === "--profile") return { ours, profile: argv[i + 1] };
  }
  return { ours };
}
