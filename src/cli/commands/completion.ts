/**
 * `completion bash|zsh|fish|powershell`: prints the shell's completion script.
 *
 * @module
 */

import type { COMPLETION_SHELLS } from "../command_table.ts";
import type { CommandContext } from "../command_context.ts";
import { completionScript } from "../completion_scripts.ts";

/** Runs `completion`. */
export async function run({ args, deps }: CommandContext): Promise<void> {
  const shell = args.rest[0] as (typeof COMPLETION_SHELLS)[number];
  await deps.writeStdout(completionScript(shell));
}
