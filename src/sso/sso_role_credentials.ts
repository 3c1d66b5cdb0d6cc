/**
 * An SSO profile's role credentials: a usable token (sso_token.ts), then the portal's
 * GetRoleCredentials. A `401` (the token was revoked) drops the token and signs in once; a
 * second `401` is an error. Loaded only on a miss.
 *
 * @module
 */

import type { TemporaryCredentials } from "../credential_types.ts";
import { VegasError } from "../errors.ts";
import { shown } from "../text/terminal_text.ts";
import { getRoleCredentials, SsoCallError } from "./sso_calls.ts";
import { portalEndpoint } from "./sso_endpoints.ts";
import type { SsoServices } from "./sso_login.ts";
import type { SsoProfile } from "./sso_profile.ts";
import { usableToken } from "./sso_token.ts";

/** The role credentials of SSO profile `sso`, signing in from here when needed and allowed. */
export async function ssoRoleCredentials(
  s: SsoServices,
  sso: SsoProfile,
  signIn = true,
): Promise<TemporaryCredentials> {
  const login = signIn ? { deviceCode: sso.sessionName === undefined, browser: true } : undefined;
  const where = {
    region: sso.region,
    endpoint: portalEndpoint(sso.region, s.deps),
    timeouts: s.timeouts,
  };
  let token = await usableToken(s, sso, { login });
  for (let attempt = 1;; attempt++) {
    try {
      const credentials = await getRoleCredentials(
        where,
        token.accessToken,
        sso.accountId,
        sso.roleName,
      );
      s.log.addSecret(credentials.secretAccessKey);
      s.log.addSecret(credentials.sessionToken);
      s.log.info(
        `Got the credentials of SSO role ${sso.roleName} in account ${sso.accountId} (profile ` +
          `${sso.profile})`,
      );
      return credentials;
    } catch (error) {
      const code = error instanceof SsoCallError ? error.code : "";
      if (code === "UnauthorizedException" && attempt === 1) {
        s.log.info(`The SSO portal no longer accepts the token of ${sso.label}; signing in again`);
        token = await usableToken(s, sso, { login, discard: token });
        continue;
      }
      throw roleError(sso, where.endpoint, error);
    }
  }
}

function roleError(sso: SsoProfile, endpoint: string, error: unknown): VegasError {
  const code = error instanceof SsoCallError ? error.code : "";
  const role = `SSO role ${shown(sso.roleName, 80)} in account ${sso.accountId} (profile "${
    shown(sso.profile, 80)
  }")`;
  if (code === "ForbiddenException") {
    return new VegasError(
      `IAM Identity Center does not assign you the ${role}; check sso_account_id and ` +
        `sso_role_name, or ask your administrator for the assignment`,
    );
  }
  if (code === "UnauthorizedException") {
    return new VegasError(
      `The SSO portal refused even a new token for the ${role}; run vegas-credentials sso ` +
        `logout ${sso.label}, then sso login`,
    );
  }
  if (code === "TooManyRequestsException") {
    return new VegasError(`The SSO portal is throttling requests for the ${role}; try again soon`);
  }
  if (code === "network") {
    return new VegasError(
      `Cannot reach the SSO portal at ${endpoint} for the ${role} (${
        (error as Error).message.replace(/^.*: /, "")
      }); check your network, and AWS_ENDPOINT_URL_SSO if set`,
    );
  }
  if (error instanceof VegasError) return error;
  return new VegasError(
    `GetRoleCredentials failed for the ${role}: ${shown((error as Error).message, 200)}`,
    undefined,
    { cause: error },
  );
}
