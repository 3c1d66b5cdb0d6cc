/**
 * `doctor`'s checks of the AWS files: they parse, every header is one the AWS tools read, no
 * profile's `credential_process` is shadowed or aimed at another profile, and every vegas
 * profile resolves, with a source that holds credentials.
 *
 * @module
 */

import type { SharedConfig } from "../config/shared_config.ts";
import { effectiveSettings } from "../config/include_profile.ts";
import { profileNamedBy } from "../config/vegas_command_line.ts";
import { sourceOf } from "../credentials/sources/registry.ts";
import {
  isVegasProfile,
  resolveTargetProfile,
  rootOf,
  type TargetProfile,
} from "../config/target_profile.ts";
import type { Deps } from "../deps.ts";
import type { Logger } from "../log.ts";
import { fail, type Finding, ok, warn } from "./finding.ts";

/**
 * The Go SDK v2 (so Terraform) kills a `credential_process` after this long (only its `sh`), and
 * shows the helper's stderr to the user.
 */
const GO_SDK_PROCESS_LIMIT_SECONDS = 60;

/** Keys that make the AWS CLI use something else than the profile's `credential_process`. */
const SHADOWING_KEYS = /^(role_arn|source_profile|web_identity_token_file|sso_\w+)$/;

/** The files and their headers. */
export function fileFindings(config: SharedConfig): Finding[] {
  const findings: Finding[] = [
    ok(
      `${config.configFile} and ${config.credentialsFile} read: ${config.profiles.size} ` +
        `profile${config.profiles.size === 1 ? "" : "s"}`,
    ),
  ];
  for (const header of config.ignoredHeaders) {
    findings.push(warn(
      `${header.file} line ${header.line}: the AWS tools ignore the section ${header.text}`,
      "use [profile NAME] with letters, digits and - _ . @ + % : / only (and [default] or " +
        "[NAME] in the credentials file)",
    ));
  }
  return findings;
}

/** `credential_process` lines that the AWS CLI ignores, or that answer for another profile. */
export function processFindings(config: SharedConfig, only?: string): Finding[] {
  const findings: Finding[] = [];
  for (const [name, settings] of config.profiles) {
    if (only !== undefined && name !== only) continue;
    const process = settings.get("credential_process");
    if (!process) {
      if (settings.has("vegas_role_arn")) {
        findings.push(warn(
          `profile ${name} has vegas_role_arn but no credential_process: AWS tools will not ` +
            `run vegas-credentials for it`,
          `add to [profile ${name}]: credential_process = vegas-credentials assume ` +
            `--profile=${name}`,
        ));
      }
      continue;
    }
    const where = `${process.file} line ${process.line}`;
    const shadows = [...settings.keys()].filter((key) => SHADOWING_KEYS.test(key));
    if (shadows.length > 0) {
      findings.push(fail(
        `profile ${name} (${where}) has credential_process and ${shadows.join(", ")}: the AWS ` +
          `CLI uses ${shadows[0]} and ignores credential_process`,
        `remove ${shadows.join(", ")} from [profile ${name}] (vegas-credentials reads ` +
          `vegas_role_arn and vegas_source_profile)`,
      ));
    }
    const named = profileNamedBy(process.value);
    if (named.ours && named.profile !== name) {
      findings.push(fail(
        named.profile === undefined
          ? `profile ${name} (${where}): its credential_process names no --profile`
          : `profile ${name} (${where}): its credential_process asks for profile ` +
            `${named.profile}, so AWS tools get ${named.profile}'s credentials`,
        `set credential_process = vegas-credentials assume --profile=${name}`,
      ));
    } else if (named.ours && shadows.length === 0) {
      findings.push(ok(`profile ${name}: credential_process runs vegas-credentials for it`));
    }
  }
  return findings;
}

/** The vegas profiles, resolved; a failure is a finding, not an exception. */
export function resolvedProfiles(
  config: SharedConfig,
  deps: Deps,
  userName: string | undefined,
  only?: string,
): { targets: TargetProfile[]; findings: Finding[] } {
  const targets: TargetProfile[] = [];
  const findings: Finding[] = [];
  for (const [name, settings] of config.profiles) {
    if (only !== undefined ? name !== only : !isVegasProfile(settings)) continue;
    try {
      targets.push(resolveTargetProfile(config, name, deps, { userName }));
    } catch (error) {
      findings.push(fail(`profile ${name}: ${(error as Error).message}`, "fix the setting named"));
    }
  }
  return { targets, findings };
}

/**
 * Where each profile's source credentials would come from, in the words of its source kind
 * (src/credentials/sources/); the keyring is asked when needed.
 */
export async function sourceFindings(
  config: SharedConfig,
  targets: TargetProfile[],
  log: Pick<Logger, "redact">,
  keyringItems: () => Promise<{ items: string[]; where: string }>,
  deps: Deps,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const target of targets) {
    const root = rootOf(target);
    const settings = effectiveSettings(config, root.sourceProfile);
    const via = target === root ? "" : ` (through ${target.chain.slice(1, -1).join(" → ")})`;
    const what = target.sessionOnly
      ? `profile ${target.name}: its own MFA session`
      : target.sourceOnly
      ? `profile ${target.name}: the credentials of source ${root.sourceProfile}`
      : `profile ${target.name}: role ${
        log.redact(target.roleArn)
      }, source ${root.sourceProfile}${via}`;
    const described = await sourceOf(settings, root.sourceProfile).describe({
      sourceProfile: root.sourceProfile,
      settings,
      config,
      deps,
      keyringItems,
    });
    for (const finding of described.findings) {
      findings.push({ ...finding, text: `${what}: ${finding.text}` });
    }
  }
  return findings;
}

/** MFA timeouts that outlast the Go SDK's limit on a `credential_process`. */
export function timeoutFindings(targets: TargetProfile[]): Finding[] {
  return targets.filter((t) => t.mfaTimeoutSeconds > GO_SDK_PROCESS_LIMIT_SECONDS).map((t) =>
    warn(
      `profile ${t.name}: vegas_mfa_timeout is ${t.mfaTimeoutSeconds} s, but the AWS SDK for Go ` +
        `(Terraform, and tools built on it) kills a credential_process after ` +
        `${GO_SDK_PROCESS_LIMIT_SECONDS} s`,
      `set vegas_mfa_timeout = ${GO_SDK_PROCESS_LIMIT_SECONDS} or less if you use such tools`,
    )
  );
}
