/**
 * Credentials as environment variables, and those variables in each shell's syntax, quoted so
 * that no value can break out of its quotes.
 *
 * @module
 */

import type { TemporaryCredentials } from "../credential_types.ts";
import { credentialProcessJson, formatExpiration } from "./credential_process.ts";

/** The formats of `export --format`. */
export const EXPORT_FORMATS = ["env", "export-env", "fish", "powershell", "json", "ini"] as const;

/** One of {@link EXPORT_FORMATS}. */
export type ExportFormat = typeof EXPORT_FORMATS[number];

/** The variables a child process or a shell gets for a profile's credentials. */
export function credentialVariables(
  credentials: TemporaryCredentials,
  region: string | undefined,
): [string, string][] {
  const variables: [string, string][] = [
    ["AWS_ACCESS_KEY_ID", credentials.accessKeyId],
    ["AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey],
    ["AWS_SESSION_TOKEN", credentials.sessionToken],
    ["AWS_CREDENTIAL_EXPIRATION", formatExpiration(credentials.expiration)],
  ];
  if (region) variables.push(["AWS_REGION", region], ["AWS_DEFAULT_REGION", region]);
  return variables;
}

/**
 * `value` as one word of a command line to copy: as it is when it holds only characters no
 * shell treats specially (a profile name such as `frank@concerts`), else in single quotes.
 */
export function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : posixQuote(value);
}

/** POSIX shell single quotes: `'` becomes `'\''`. */
export function posixQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** fish single quotes: only `\` and `'` are special inside them. */
export function fishQuote(value: string): string {
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

/** PowerShell single quotes: `'` is doubled (and so are its typographic variants). */
export function powershellQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

/** The variables as lines for `format`: env, export-env, fish or powershell. */
export function shellLines(
  variables: [string, string][],
  format: "env" | "export-env" | "fish" | "powershell",
): string {
  const line = ([name, value]: [string, string]) => {
    switch (format) {
      case "env":
        return `${name}=${posixQuote(value)}`;
      case "export-env":
        return `export ${name}=${posixQuote(value)}`;
      case "fish":
        return `set -gx ${name} ${fishQuote(value)}`;
      case "powershell":
        return `$Env:${name} = ${powershellQuote(value)}`;
    }
  };
  return variables.map(line).join("\n") + "\n";
}

/** A credentials-file section named `profile` (a name the INI format can hold). */
export function iniSection(profile: string, credentials: TemporaryCredentials): string {
  return [
    `[${profile}]`,
    `aws_access_key_id = ${credentials.accessKeyId}`,
    `aws_secret_access_key = ${credentials.secretAccessKey}`,
    `aws_session_token = ${credentials.sessionToken}`,
    `# expires ${formatExpiration(credentials.expiration)}`,
  ].join("\n") + "\n";
}

/** What `export --format FORMAT` prints for profile `name`'s credentials. */
export function exportText(
  format: ExportFormat,
  name: string,
  region: string | undefined,
  credentials: TemporaryCredentials,
): string {
  if (format === "json") return credentialProcessJson(credentials);
  if (format === "ini") return iniSection(name, credentials);
  return shellLines(
    [...credentialVariables(credentials, region), ["VEGAS_CREDENTIALS_PROFILE", name]],
    format,
  );
}
