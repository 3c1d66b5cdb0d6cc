/**
 * Help texts, printed to stdout by `--help` and `help`.
 *
 * @module
 */

const COMMON = `Flags for every command:
  --verbose        Show progress on stderr
  --debug          Show progress and detail on stderr
  --no-color       No colours (also NO_COLOR, VEGAS_CREDENTIALS_NO_COLOR, TERM=dumb)
  --hide-arns      Mask ARNs in all output
  -h, --help       Show help`;

const TEXTS: Record<string, string> = {
  "": `vegas-credentials: an AWS credential_process helper that assumes IAM roles with MFA

Usage:
  vegas-credentials assume --profile NAME     Print role credentials for a profile (JSON)
  vegas-credentials config list               List the profiles that use vegas-credentials
  vegas-credentials config show-profile --profile NAME
                                              Show a profile's resolved settings
  vegas-credentials cache list                Show which profiles have cached credentials
  vegas-credentials cache clean [--profile NAME]
                                              Remove cached credentials (all, or one profile's)
  vegas-credentials version [--full]          Show the version
  vegas-credentials help [COMMAND]            Show help for a command

Configure it in ~/.aws/config:
  [profile frank@concerts]
  credential_process = vegas-credentials assume --profile=frank@concerts
  vegas_role_arn = arn:aws:iam::222222222222:role/SingerRole
  vegas_source_profile = default

${COMMON}`,
  "assume": `Usage: vegas-credentials assume --profile NAME [flags]

Assumes the role of profile NAME and prints the credentials as credential_process JSON on
stdout. AWS tools run this for you through credential_process; you rarely run it by hand.

  --profile NAME                 The profile in ~/.aws/config (required)
  --no-gui, --disable-dialog     Never show a GUI dialog for the MFA code
  --disable-mandatory-refresh    Serve cached credentials until they expire, instead of
                                 fetching new ones when less than 10 minutes are left

${COMMON}`,
  "config list": `Usage: vegas-credentials config list [flags]

Lists the profiles that have vegas_role_arn, with their role and source profile.

${COMMON}`,
  "config show-profile": `Usage: vegas-credentials config show-profile --profile NAME [flags]

Prints the settings that assume would use for profile NAME, as JSON, with where each came from.

${COMMON}`,
  "cache list": `Usage: vegas-credentials cache list [flags]   (alias: cache status)

Lists the cached credentials: profile, time left and expiry. Never prints a secret.

${COMMON}`,
  "cache status": `Usage: vegas-credentials cache status [flags]   (alias of cache list)

${COMMON}`,
  "cache clean": `Usage: vegas-credentials cache clean [--profile NAME] [flags]

Removes all cached credentials, or only those of profile NAME. The next assume fetches new ones.

${COMMON}`,
  "version": `Usage: vegas-credentials version [--full]

Prints the version; --full adds the Deno, V8 and TypeScript versions and the platform.

${COMMON}`,
};

/** The help text for a command (or the overview); `undefined` for an unknown command. */
export function helpText(topic?: string): string | undefined {
  return TEXTS[topic ?? ""];
}
