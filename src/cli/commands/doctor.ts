/**
 * `doctor [--profile NAME]`: checks the setup and prints one line per check, ✓, ⚠ or ✗, with the
 * fix for every ⚠ and ✗. Exits 0 when nothing failed. With `--profile`, it also proves that the
 * source credentials work (GetCallerIdentity, no MFA) and measures the clock against AWS.
 *
 * @module
 */

import { loadSharedConfig } from "../../config/shared_config.ts";
import { browserFindings } from "../../doctor/browser_checks.ts";
import { stateFindings } from "../../doctor/cache_checks.ts";
import {
  fileFindings,
  processFindings,
  resolvedProfiles,
  sourceFindings,
  timeoutFindings,
} from "../../doctor/config_checks.ts";
import { fail, type Finding, findingLine } from "../../doctor/finding.ts";
import { identityFindings } from "../../doctor/identity_check.ts";
import { mfaFindings } from "../../doctor/mfa_checks.ts";
import { VegasError } from "../../errors.ts";
import { openKeyring } from "../../keyring/open_keyring.ts";
import type { CommandContext } from "../command_context.ts";

/** Runs `doctor`. */
export async function run({ args, deps, log, color, signal }: CommandContext): Promise<void> {
  const only = args.values.get("--profile");
  const print = (findings: Finding[]) =>
    deps.writeStdout(
      findings.map((f) => findingLine(f, color && deps.stdoutIsTerminal()) + "\n").join(""),
    );
  const all: Finding[] = [];
  const report = async (findings: Finding[]) => {
    // A loop, not a spread: a config of 100 000 profiles has more findings than the stack
    // holds arguments.
    for (const finding of findings) all.push(finding);
    await print(findings);
  };
  let config;
  try {
    config = await loadSharedConfig(deps);
  } catch (error) {
    await report([fail((error as Error).message, "fix the file as the message says")]);
  }
  if (config) {
    await report(fileFindings(config));
    if (only !== undefined && !config.profiles.has(only)) {
      await report([fail(
        `profile ${only} is not in ${config.configFile} or ${config.credentialsFile}`,
        `add a [profile ${only}] section, or pick one from vegas-credentials list`,
      )]);
    }
    await report(processFindings(config, only));
    const { targets, findings } = resolvedProfiles(config, deps, await deps.userName(), only);
    await report(findings);
    let keyring: Promise<{ items: string[]; where: string }> | undefined;
    await report(
      await sourceFindings(
        config,
        targets,
        log,
        () =>
          keyring ??= openKeyring(deps, signal).then(async (store) => ({
            items: await store.list(),
            where: store.where,
          })),
        deps,
      ),
    );
    await report(timeoutFindings(targets));
    if (only !== undefined && targets.length === 1) {
      await report(await identityFindings(targets[0], config, deps, log));
    }
    await report(await mfaFindings(targets, deps, log));
    await report(await browserFindings(config, deps, only));
  }
  await report(await stateFindings(deps));
  const failed = all.filter((f) => f.status === "fail").length;
  const warned = all.filter((f) => f.status === "warn").length;
  await deps.writeStdout(
    `\n${all.length} checks: ${failed} failed, ${warned} warned, ` +
      `${all.length - failed - warned} passed\n`,
  );
  if (failed > 0) {
    throw new VegasError(
      `doctor found ${failed} problem${failed === 1 ? "" : "s"}; the lines marked ✗ say how to ` +
        `fix each`,
    );
  }
}
