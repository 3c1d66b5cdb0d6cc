/**
 * The IAM Identity Center (SSO) settings of a profile, as `aws configure sso` writes them: an
 * `sso_session` naming an `[sso-session NAME]` section (start URL, region, registration
 * scopes), or the legacy form with `sso_start_url` and `sso_region` in the profile itself; and
 * the account and role. Plain logic; every error names file, profile and key.
 *
 * @module
 */

import { shellWord } from "../output/shell_formats.ts";
import type { ConfigValue, ProfileSettings, SharedConfig } from "../config/shared_config.ts";
import { ConfigError } from "../errors.ts";
import { shown } from "../text/terminal_text.ts";

/** The scope that makes OIDC issue a refresh token. */
export const ACCOUNT_ACCESS_SCOPE = "sso:account:access";

/** One SSO session: where to sign in. */
export interface SsoSession {
  /** The `[sso-session NAME]`, or undefined for a legacy profile. */
  sessionName?: string;
  startUrl: string;
  /** The region of IAM Identity Center (`sso_region`). */
  region: string;
  /** `sso_registration_scopes`; a legacy profile registers with none. */
  scopes: string[];
  /** The token cache's key: the session name, or a legacy profile's start URL. */
  tokenKey: string;
  /** What to name in messages and commands: `--sso-session corp` or `--profile NAME`. */
  label: string;
}

/** An SSO profile: a session, and the account and role it signs in to. */
export interface SsoProfile extends SsoSession {
  profile: string;
  accountId: string;
  roleName: string;
}

function where(value: ConfigValue): string {
  return `${value.file} line ${value.line}`;
}

/** The `[sso-session NAME]` section's settings, if there is one. */
export function ssoSessionSection(
  config: SharedConfig,
  name: string,
): ProfileSettings | undefined {
  return config.profiles.get(`sso-session.${name}`);
}

/** The session `[sso-session name]`; `from` is the `sso_session` value that named it. */
export function ssoSessionNamed(
  config: SharedConfig,
  name: string,
  from?: { profile: string; value: ConfigValue },
): SsoSession {
  const section = ssoSessionSection(config, name);
  const context = from
    ? `${where(from.value)}: profile "${shown(from.profile, 80)}": sso_session "${shown(name, 80)}"`
    : `SSO session "${shown(name, 80)}"`;
  if (!section) {
    throw new ConfigError(
      `${context} names no [sso-session ${shown(name, 80)}] section in ${config.configFile}; ` +
        `add one with sso_start_url and sso_region (aws configure sso-session writes it)`,
    );
  }
  const need = (key: string, what: string) => {
    const value = section.get(key)?.value;
    if (!value) {
      throw new ConfigError(
        `${config.configFile}: [sso-session ${shown(name, 80)}] has no ${key}; add ${what}`,
      );
    }
    return value;
  };
  const startUrl = need("sso_start_url", "the portal URL, e.g. https://corp.awsapps.com/start");
  checkStartUrl(startUrl, `${config.configFile}: [sso-session ${shown(name, 80)}] sso_start_url`);
  const region = need("sso_region", "the region of IAM Identity Center, e.g. eu-west-1");
  const scopes = (section.get("sso_registration_scopes")?.value ?? "")
    .split(",").map((scope) => scope.trim()).filter(Boolean);
  return {
    sessionName: name,
    startUrl,
    region,
    scopes,
    tokenKey: name,
    label: `--sso-session ${shellWord(name)}`,
  };
}

function checkStartUrl(url: string, what: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    // Reported below.
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol)) {
    throw new ConfigError(
      `${what} "${shown(url, 100)}" is not a URL; use the AWS access portal URL, e.g. ` +
        `https://corp.awsapps.com/start`,
    );
  }
}

/** Whether `settings` make an SSO profile (either form). */
export function isSsoProfile(settings: ProfileSettings | undefined): boolean {
  return Boolean(settings?.has("sso_session") || settings?.has("sso_start_url"));
}

/** The SSO session of profile `name` (either form), without its account and role. */
export function ssoSessionOfProfile(
  config: SharedConfig,
  name: string,
  settings: ProfileSettings,
): SsoSession {
  const session = settings.get("sso_session");
  if (session) return ssoSessionNamed(config, session.value, { profile: name, value: session });
  const startUrl = settings.get("sso_start_url")!;
  checkStartUrl(startUrl.value, `${where(startUrl)}: profile "${shown(name, 80)}": sso_start_url`);
  const region = settings.get("sso_region");
  if (!region?.value) {
    throw new ConfigError(
      `${where(startUrl)}: profile "${shown(name, 80)}" has sso_start_url but no sso_region; ` +
        `add the region of IAM Identity Center, e.g. sso_region = eu-west-1`,
    );
  }
  return {
    startUrl: startUrl.value,
    region: region.value,
    scopes: [],
    tokenKey: startUrl.value,
    label: `--profile ${shellWord(name)}`,
  };
}

/** The SSO profile `name`: its session, account and role. */
export function ssoProfileOf(
  config: SharedConfig,
  name: string,
  settings: ProfileSettings,
): SsoProfile {
  const session = ssoSessionOfProfile(config, name, settings);
  const need = (key: string, what: string) => {
    const value = settings.get(key)?.value;
    if (value) return value;
    const first = settings.get("sso_session") ?? settings.get("sso_start_url")!;
    throw new ConfigError(
      `${first.file}: profile "${shown(name, 80)}" is an SSO profile with no ${key}; add ${what}`,
    );
  };
  const accountId = need(
    "sso_account_id",
    "the 12-digit account, e.g. sso_account_id = 111111111111",
  );
  if (!/^\d{12}$/.test(accountId)) {
    const value = settings.get("sso_account_id")!;
    throw new ConfigError(
      `${where(value)}: profile "${shown(name, 80)}": sso_account_id "${
        shown(accountId, 40)
      }" is not a 12-digit AWS account id`,
    );
  }
  const roleName = need("sso_role_name", "the permission set, e.g. sso_role_name = ReadOnly");
  return { ...session, profile: name, accountId, roleName };
}
