/**
 * Source kind: IAM Identity Center (SSO), in either form `aws configure sso` writes (an
 * `sso_session`, or the legacy `sso_start_url` in the profile). Its role credentials come from
 * the portal with the token in the AWS CLI's own cache, refreshed or signed in for as needed
 * (src/sso/), and are cached like a role's.
 *
 * @module
 */

import { fail, type Finding, ok, warn } from "../../doctor/finding.ts";
import { ssoTimeoutMs } from "../../config/env_settings.ts";
import { formatTimeLeft } from "../../output/time_left.ts";
import {
  ACCOUNT_ACCESS_SCOPE,
  isSsoProfile,
  ssoProfileOf,
  type SsoSession,
} from "../../sso/sso_profile.ts";
import { readToken, refreshable, tokenCacheDir, tokenTimeLeft } from "../../sso/token_cache.ts";
import { shown } from "../../text/terminal_text.ts";
import type { CredentialSource, SourceDescription, SourceLook } from "./source.ts";

/** What `doctor`, `list` and `show-profile` say of the session's token. */
async function tokenState(
  look: SourceLook,
  session: SsoSession,
): Promise<{ finding: Finding; state: string }> {
  const login = `vegas-credentials sso login ${session.label}`;
  let token;
  try {
    token = await readToken(look.deps, session.tokenKey);
  } catch (error) {
    const text = `the SSO token cache cannot be used: ${(error as Error).message}`;
    return { finding: warn(text, `fix ${tokenCacheDir(look.deps)}`), state: text };
  }
  if (!token) {
    return {
      finding: warn(`not signed in to ${session.label}`, `run ${login} (assume signs in itself)`),
      state: `not signed in (${login})`,
    };
  }
  const now = look.deps.now();
  const left = tokenTimeLeft(token, now);
  const refreshes = refreshable(token, now);
  if (left <= 0 && !refreshes) {
    return {
      finding: warn(`the SSO token of ${session.label} has expired`, `run ${login}`),
      state: `SSO token expired (${login})`,
    };
  }
  const text = left > 0
    ? `SSO token ${formatTimeLeft(left)}${refreshes ? ", refreshes" : ", does not refresh"}`
    : "SSO token expired, refreshes";
  return { finding: ok(`${text} (${session.label})`), state: text };
}

/** IAM Identity Center. */
export const ssoSource: CredentialSource = {
  kind: "sso",
  temporary: true,
  claims: isSsoProfile,
  async credentials(fetch) {
    const sso = ssoProfileOf(fetch.config, fetch.sourceProfile, fetch.settings);
    const { ssoRoleCredentials } = await import("../../sso/sso_role_credentials.ts");
    return ssoRoleCredentials(
      {
        deps: fetch.deps,
        log: fetch.log,
        cache: fetch.cache,
        lockTimeoutMs: fetch.lockTimeoutMs,
        ssoTimeoutMs: ssoTimeoutMs(fetch.deps),
        timeouts: fetch.timeouts,
        signal: fetch.signal,
      },
      sso,
      fetch.signIn,
    );
  },
  async describe(look): Promise<SourceDescription> {
    let session: SsoSession;
    let role = "";
    try {
      const sso = ssoProfileOf(look.config, look.sourceProfile, look.settings!);
      session = sso;
      role = `, role ${sso.roleName} in ${sso.accountId}`;
    } catch (error) {
      const message = (error as Error).message;
      return {
        findings: [fail(message, "fix the setting named")],
        text: `AWS SSO (IAM Identity Center), misconfigured: ${message}`,
        state: `SSO misconfigured: ${message}`,
      };
    }
    const name = session.sessionName
      ? `session ${shown(session.sessionName, 60)}`
      : "a legacy profile";
    const text = `AWS SSO (IAM Identity Center): ${name} at ${shown(session.startUrl, 100)}${role}`;
    const findings: Finding[] = [ok(text)];
    if (session.sessionName && !session.scopes.includes(ACCOUNT_ACCESS_SCOPE)) {
      findings.push(warn(
        `[sso-session ${shown(session.sessionName, 60)}] has no sso_registration_scopes = ` +
          `${ACCOUNT_ACCESS_SCOPE}: a token without it lasts 8 h and cannot refresh`,
        `add sso_registration_scopes = ${ACCOUNT_ACCESS_SCOPE} to it, then sign in again`,
      ));
    }
    if (!session.sessionName) {
      findings.push(warn(
        `profile ${shown(look.sourceProfile, 60)} uses the legacy SSO form: its token cannot ` +
          `refresh`,
        "move sso_start_url and sso_region into an [sso-session] section (aws configure sso)",
      ));
    }
    const state = await tokenState(look, session);
    findings.push(state.finding);
    return { findings, text: `${text}; ${state.state}`, state: state.state };
  },
};
