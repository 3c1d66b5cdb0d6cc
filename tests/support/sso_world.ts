/**
 * A world with IAM Identity Center: the loopback endpoints serve SSO OIDC and the portal, the
 * config has an `[sso-session corp]` with an SSO profile and profiles over it through us, and
 * `BROWSER` is a fake browser (approving_browser.ts) that follows the sign-in URL as a user who approves would,
 * recording each time it is opened.
 *
 * @module
 */

import { REPO_ROOT } from "./installed_cli.ts";
import { createWorld, FRANK, type World } from "./world.ts";

/** The role every SSO session may assume with its SSO role's credentials. */
export const DEPLOY_ROLE = "arn:aws:iam::222222222222:role/Deploy";

/** The usual SSO config. */
export function ssoConfig(extra = ""): string {
  return `[default]
region = eu-west-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access

[profile corp-admin]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = AdministratorAccess
region = eu-west-1

[profile admin@corp]
credential_process = vegas-credentials assume --profile=admin@corp
vegas_source_profile = corp-admin
region = eu-west-1

[profile deploy@prod]
credential_process = vegas-credentials assume --profile=deploy@prod
vegas_role_arn = ${DEPLOY_ROLE}
vegas_source_profile = corp-admin
region = eu-west-1
${extra}`;
}

/** A world with SSO, and where its fake browser logs. */
export interface SsoWorld extends World {
  /** How many times the browser was opened. */
  browserRuns(): Promise<number>;
  /** The URLs it was opened with. */
  browserUrls(): Promise<string[]>;
  /** The environment with the SSO endpoints and the fake browser. */
  ssoEnv(extra?: Record<string, string>): Record<string, string>;
  /** The path of the session's token file. */
  tokenFile: string;
}

/** Creates an SSO world; `close()` it. */
export async function createSsoWorld(): Promise<SsoWorld> {
  const world = await createWorld({
    roles: [{
      arn: DEPLOY_ROLE,
      trusted: ["arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_AdministratorAccess"],
      requireMfa: false,
    }, {
      arn: "arn:aws:iam::333333333333:role/CiRole",
      trusted: [],
      requireMfa: false,
      webIdentity: true,
    }],
    users: [{ ...FRANK }],
    config: "empty",
  });
  world.sts.sso.assignments = [
    {
      accountId: "111111111111",
      accountName: "Corp Main",
      roles: ["AdministratorAccess", "ReadOnly"],
    },
    { accountId: "222222222222", accountName: "Prod", roles: ["ReadOnly"] },
  ];
  await world.writeConfig(ssoConfig());
  await world.writeCredentials("");
  const log = `${world.home}/browser.log`;
  const browser = `${world.home}/fake-browser`;
  await Deno.writeTextFile(
    browser,
    `#!/bin/sh\nAPPROVING_BROWSER_LOG='${log}' exec '${Deno.execPath()}' run --quiet ` +
      `--allow-net=127.0.0.1 --allow-write --allow-env '${REPO_ROOT}/tests/support/approving_browser.ts' "$1"\n`,
  );
  await Deno.chmod(browser, 0o755);
  const { hex } = await sha1("corp");
  const urls = async () => {
    try {
      return (await Deno.readTextFile(log)).split("\n").filter(Boolean);
    } catch {
      return [];
    }
  };
  return {
    ...world,
    tokenFile: `${world.home}/.aws/sso/cache/${hex}.json`,
    browserUrls: urls,
    browserRuns: async () => (await urls()).length,
    ssoEnv: (extra = {}) =>
      world.env({
        AWS_ENDPOINT_URL_SSO_OIDC: world.sts.endpoint,
        AWS_ENDPOINT_URL_SSO: world.sts.endpoint,
        BROWSER: browser,
        ...extra,
      }),
  };
}

async function sha1(text: string): Promise<{ hex: string }> {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  return {
    hex: Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join(""),
  };
}
