/**
 * `config list`: the profiles that use vegas-credentials, with their role and source.
 *
 * @module
 */

import { loadSharedConfig } from "../../config/shared_config.ts";
import type { Deps } from "../../deps.ts";
import type { Logger } from "../../log.ts";
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
    rows.push([
      name,
      log.redact(role.value),
      settings.get("vegas_source_profile")?.value ?? "(none)",
    ]);
  }
  if (rows.length === 0) {
    await deps.writeStdout(
      `No profile in ${config.configFile} or ${config.credentialsFile} has vegas_role_arn\n`,
    );
    return;
  }
  rows.sort((a, b) => a[0].localeCompare(b[0]));
  const all = [["PROFILE", "ROLE", "SOURCE"], ...rows];
  const widths = [0, 1].map((column) => Math.max(...all.map((row) => row[column].length)));
  const lines = all.map((row) =>
    `${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2]}`
  );
  await deps.writeStdout(lines.join("\n") + "\n");
}
