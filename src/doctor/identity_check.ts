/**
 * `doctor --profile`: proves the source credentials work with STS GetCallerIdentity (no MFA, no
 * permission needed), names their identity, and compares the server's clock with ours: TOTP
 * codes fail beyond about 30 s of skew, and AWS rejects signatures beyond 5 minutes.
 *
 * @module
 */

import { stsTimeouts } from "../config/env_settings.ts";
import type { SharedConfig } from "../config/shared_config.ts";
import { rootOf, type TargetProfile } from "../config/target_profile.ts";
import { stsCalls } from "../credentials/sts_calls.ts";
import type { Deps } from "../deps.ts";
import type { Logger } from "../log.ts";
import { stsEndpoint } from "../sts/endpoint.ts";
import { fail, type Finding, ok, warn } from "./finding.ts";

/** Skew that TOTP codes tolerate (one 30 s step). */
const TOTP_SKEW_MS = 30_000;
/** Skew beyond which AWS rejects a signature. */
const SIGNATURE_SKEW_MS = 5 * 60_000;

/** The identity and clock findings for `target`'s source. */
export async function identityFindings(
  target: TargetProfile,
  config: SharedConfig,
  deps: Deps,
  log: Logger,
): Promise<Finding[]> {
  const root = rootOf(target);
  const { callerIdentity } = await import("../sts/caller_identity.ts");
  const endpoint = stsEndpoint(root.region, deps);
  let identity;
  const sentAt = deps.now();
  try {
    const credentials = await stsCalls(config, deps, log, undefined, { signIn: false })
      .sourceCredentials(root);
    log.addSecret(credentials.secretAccessKey);
    if (credentials.sessionToken) log.addSecret(credentials.sessionToken);
    identity = await callerIdentity({
      profileName: root.name,
      sourceProfile: root.sourceProfile,
      region: root.region,
      endpoint,
      credentials,
      timeouts: stsTimeouts(deps),
    });
  } catch (error) {
    return [fail(
      `source profile ${root.sourceProfile}: GetCallerIdentity failed: ${(error as Error).message}`,
      "fix the source credentials as the message says",
    )];
  }
  const findings = [
    ok(`source profile ${root.sourceProfile} works: it is ${log.redact(identity.arn)}`),
  ];
  if (identity.serverTime !== undefined) {
    // The Date header has whole seconds (so +0.5 s); our clock is taken mid-call.
    const skew = (sentAt + deps.now()) / 2 - (identity.serverTime + 500);
    const seconds = Math.round(skew / 1000);
    const text = `this clock is ${Math.abs(seconds)} s ${seconds >= 0 ? "ahead of" : "behind"} ` +
      `AWS (${endpoint})`;
    const fix = "set the system clock right (enable NTP: timedatectl set-ntp true)";
    if (Math.abs(skew) > SIGNATURE_SKEW_MS) {
      findings.push(fail(`${text}: AWS rejects requests signed more than 5 minutes off`, fix));
    } else if (Math.abs(skew) > TOTP_SKEW_MS) {
      findings.push(warn(`${text}: MFA codes fail beyond about 30 s`, fix));
    } else findings.push(ok(text));
  }
  return findings;
}
