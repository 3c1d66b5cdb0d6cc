/**
 * What `sso populate` adds to the config file: one standard SSO profile per account and role
 * that no profile has yet, named `<account name>/<role>` made safe for ini files and shells.
 * Everything already in the file stays byte for byte; the new sections are appended. Plain
 * logic.
 *
 * @module
 */

import type { SharedConfig } from "../config/shared_config.ts";
import type { SsoSession } from "./sso_profile.ts";

/** One account's roles, as the portal lists them. */
export interface Assignment {
  account: { accountId: string; accountName: string };
  roles: string[];
}

/** A profile to add. */
export interface NewProfile {
  name: string;
  accountId: string;
  roleName: string;
}

/** `text` as a profile name: letters, digits and `._-@+/` only, other runs (and runs of `-`) as one `-`. */
export function safeProfileName(text: string): string {
  const safe = text.normalize("NFKD").replace(/\p{M}/gu, "").replace(/[^\w.@+/-]+/g, "-").replace(
    /-{2,}/g,
    "-",
  )
    .replace(/^-+|-+$/g, "");
  return safe || "account";
}

/** The profiles to add for `session`, given what the config already has. */
export function profilesToAdd(
  config: SharedConfig,
  session: SsoSession,
  assignments: Assignment[],
): NewProfile[] {
  const taken = new Set(config.profiles.keys());
  const existing = new Set<string>();
  for (const [, settings] of config.profiles) {
    const sessionName = settings.get("sso_session")?.value;
    const startUrl = settings.get("sso_start_url")?.value;
    const same = sessionName !== undefined
      ? sessionName === session.sessionName
      : startUrl !== undefined && startUrl === session.startUrl;
    if (!same) continue;
    existing.add(
      `${settings.get("sso_account_id")?.value}/${settings.get("sso_role_name")?.value}`,
    );
  }
  const added: NewProfile[] = [];
  const sorted = [...assignments].sort((a, b) =>
    a.account.accountName.localeCompare(b.account.accountName) ||
    a.account.accountId.localeCompare(b.account.accountId)
  );
  for (const { account, roles } of sorted) {
    for (const roleName of [...roles].sort()) {
      if (existing.has(`${account.accountId}/${roleName}`)) continue;
      const base = `${safeProfileName(account.accountName)}/${safeProfileName(roleName)}`;
      let name = base;
      for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
      taken.add(name);
      added.push({ name, accountId: account.accountId, roleName });
    }
  }
  return added;
}

/** The sections to append for `profiles`. */
export function sectionsText(session: SsoSession, profiles: NewProfile[]): string {
  return profiles.map((profile) => {
    const where = session.sessionName !== undefined
      ? `sso_session = ${session.sessionName}\n`
      : `sso_start_url = ${session.startUrl}\nsso_region = ${session.region}\n`;
    return `\n[profile ${profile.name}]\n${where}sso_account_id = ${profile.accountId}\n` +
      `sso_role_name = ${profile.roleName}\n`;
  }).join("");
}

/**
 * `original` with `addition` (written with `\n`) appended, a newline first when its last line
 * has none; in a file whose lines end with `\r\n`, the added lines end so too.
 */
export function appended(original: string, addition: string): string {
  const crlf = original.includes("\r\n");
  const added = crlf ? addition.replace(/\r?\n/g, "\r\n") : addition;
  if (original === "" || original.endsWith("\n")) return original + added;
  return original + (crlf ? "\r\n" : "\n") + added;
}
