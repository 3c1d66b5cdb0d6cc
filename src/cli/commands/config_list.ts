/**
 * `config list`: the profiles that use vegas-credentials, with their role and source.
 *
 * @module
 */

import { loadSharedConfig } from "../../config/shared_config.ts";
import type { Deps } from "../../deps.ts";
import type { Logger } from "../../log.ts";
import { byFirstCell, formatTable } from "../../output/table.ts";
import { shown } from "../../text/terminal_text.ts";
import type { CommandContext } from "../command_context.ts";

/** Runs `config list`. */
export function run({ deps, log }: CommandContext): Promise<void> {
  return configList(deps, log);
}

/** Prints the profiles that have `vegas_role_arn`, one per line, aligned. */
async function configList(deps: Deps, log: Logger): Promise<void> {
  const config = await loadSharedConfig(deps);
  const rows: string[][] = [];
  for (const [name, settings] of config.profiles) {
    const role = settings.get("vegas_role_arn");
    if (!role) continue;
    // Names and values are untrusted text: control characters are shown escaped, never sent.
    rows.push([
      shown(name, 64),
      shown(log.redact(role.value), 100),
      shown(settings.get("vegas_source_profile")?.value ?? "(none)", 64),
    ]);
  }
  if (rows.length === 0) {
    await deps.writeStdout(
      `No profile in ${config.configFile} or ${config.credentialsFile} has vegas_role_arn\n`,
    );
    return;
  }
  rows.sort(byFirstCell);
  rows.unshift(["PROFILE", "ROLE", "SOURCE"]);
  await deps.writeStdout(formatTable(rows).join("\n") + "\n");
}
