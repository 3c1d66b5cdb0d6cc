/**
 * `config list`: the profiles that use vegas-credentials, with their role and source.
 *
 * @module
 */

import { isVegasProfile } from "../../config/target_profile.ts";
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

/** Prints the profiles of ours (`vegas_role_arn` or `vegas_source_profile`), one per line. */
async function configList(deps: Deps, log: Logger): Promise<void> {
  const config = await loadSharedConfig(deps);
  const rows: string[][] = [];
  for (const [name, settings] of config.profiles) {
    if (!isVegasProfile(settings)) continue;
    // Names and values are untrusted text: control characters are shown escaped, never sent.
    rows.push([
      shown(name, 64),
      shown(log.redact(settings.get("vegas_role_arn")?.value ?? "-"), 100),
      shown(settings.get("vegas_source_profile")?.value ?? "(none)", 64),
    ]);
  }
  if (rows.length === 0) {
    await deps.writeStdout(
      `No profile in ${config.configFile} or ${config.credentialsFile} has vegas_role_arn or vegas_source_profile\n`,
    );
    return;
  }
  rows.sort(byFirstCell);
  rows.unshift(["PROFILE", "ROLE", "SOURCE"]);
  await deps.writeStdout(formatTable(rows).join("\n") + "\n");
}
