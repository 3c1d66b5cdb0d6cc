/**
 * `help [COMMAND]` and `--help`.
 *
 * @module
 */

import { ExitCode, VegasError } from "../../errors.ts";
import { shown } from "../../text/terminal_text.ts";
import type { CommandContext } from "../command_context.ts";
import { helpText } from "../help.ts";

/** Runs `help`. */
export async function run({ args, deps }: CommandContext): Promise<void> {
  const topic = args.rest[0];
  const text = helpText(topic);
  if (text === undefined) {
    throw new VegasError(`No help for "${shown(topic, 60)}": unknown command`, ExitCode.usage);
  }
  await deps.writeStdout(text + "\n");
}
