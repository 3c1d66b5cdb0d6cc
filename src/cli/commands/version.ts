/**
 * `version [--full]` and `--version`.
 *
 * @module
 */

import { VERSION } from "../../version.ts";
import type { CommandContext } from "../command_context.ts";

/** Runs `version`. */
export async function run({ args, deps }: CommandContext): Promise<void> {
  const lines = [`vegas-credentials ${VERSION}`];
  if (args.switches.has("--full")) {
    lines.push(
      `deno ${Deno.version.deno}`,
      `v8 ${Deno.version.v8}`,
      `typescript ${Deno.version.typescript}`,
      `platform ${Deno.build.os}-${Deno.build.arch}`,
    );
  }
  await deps.writeStdout(lines.join("\n") + "\n");
}
