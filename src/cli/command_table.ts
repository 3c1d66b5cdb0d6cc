/**
 * The one list of commands. It drives argument parsing (args.ts), `--help` (help.ts), shell
 * completions, the dispatch in run.ts and the `deno compile --include` list (each command's
 * module is imported lazily, by the path given here).
 *
 * Plain data: it is read on every run that is not a cache hit.
 *
 * @module
 */

import { EXPORT_FORMATS } from "../output/shell_formats.ts";

/** A flag of one command. */
export interface FlagSpec {
  /** `--profile`. */
  name: string;
  /** Other spellings of the same flag. */
  aliases?: string[];
  /** For a flag that takes a value: its placeholder in help, e.g. `NAME`. */
  value?: string;
  /** The values allowed, for help, checks and completion. */
  choices?: readonly string[];
  /** Completion of the value: profile names from the config. */
  completes?: "profile";
  /** Whether the command needs it. */
  required?: boolean;
  /** A value flag that may be given more than once; all values are kept, in order. */
  repeatable?: boolean;
  help: string;
}

/** One command. */
export interface CommandSpec {
  /** One or two words: `assume`, `config list`. */
  name: string;
  /** Another name for it (`cache status`). */
  aliasOf?: string;
  /** What follows the name in the usage line. */
  usage: string;
  /** One line for the overview. */
  summary: string;
  /** The paragraph of its own help page. */
  description: string;
  flags: FlagSpec[];
  /** One word the command takes after its name, from a fixed list (`completion bash`). */
  positional?: { name: string; choices: readonly string[] };
  /** Words after `--` (or the first non-flag word) are passed through, as for `exec`. */
  passThrough?: boolean;
  /** The module that runs it, relative to this file; it exports `run`. */
  module: string;
}

const PROFILE: FlagSpec = {
  name: "--profile",
  value: "NAME",
  completes: "profile",
  required: true,
  help: "The profile in ~/.aws/config",
};
const SSO_SESSION: FlagSpec = {
  name: "--sso-session",
  value: "NAME",
  help: "An [sso-session NAME] section of the config file",
};
const NO_GUI: FlagSpec = {
  name: "--no-gui",
  aliases: ["--disable-dialog"],
  help: "Never show a GUI dialog for the MFA code",
};
const MANDATORY: FlagSpec = {
  name: "--disable-mandatory-refresh",
  help: "Serve cached credentials until they expire, instead of fetching new ones when " +
    "less than 10 minutes are left",
};

/** The formats of `export --format`. */
export { EXPORT_FORMATS };

/** The shells `completion` writes scripts for. */
export const COMPLETION_SHELLS = ["bash", "zsh", "fish", "powershell"] as const;

/** Every command, in the order help shows them. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: "assume",
    usage: "--profile NAME",
    summary: "Print role credentials for a profile (credential_process JSON)",
    description:
      "Assumes the role of profile NAME and prints the credentials as credential_process JSON " +
      "on stdout (for a profile with mfa_serial and no role: its MFA session). AWS tools run " +
      "this for you through credential_process; you rarely run it by hand.",
    flags: [PROFILE, NO_GUI, MANDATORY],
    module: "./commands/assume.ts",
  },
  {
    name: "exec",
    usage: "--profile NAME [--server] [-- COMMAND [ARGS...]]",
    summary: "Run a command (default: your shell) with the role's credentials",
    description:
      "Runs COMMAND, or $SHELL when none is given, with the role credentials of profile NAME " +
      "in its environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, " +
      "AWS_CREDENTIAL_EXPIRATION, and the region). With --server the command instead gets a " +
      "local credential endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI) that refreshes for as " +
      "long as it runs. The exit status and signals pass through.",
    flags: [
      PROFILE,
      { name: "--server", help: "Serve credentials from a local endpoint that refreshes them" },
      NO_GUI,
    ],
    passThrough: true,
    module: "./commands/exec.ts",
  },
  {
    name: "export",
    usage: "--profile NAME [--format FORMAT]",
    summary: "Print the role's credentials as shell variables or a credentials file section",
    description:
      "Prints the role credentials of profile NAME for a shell or a file. They are not " +
      "refreshed: run it again when they expire.",
    flags: [
      PROFILE,
      {
        name: "--format",
        value: "FORMAT",
        choices: EXPORT_FORMATS,
        help: `One of ${EXPORT_FORMATS.join(", ")} (default env)`,
      },
      NO_GUI,
    ],
    module: "./commands/export.ts",
  },
  {
    name: "server",
    usage: "--profile NAME [--port N] [--host ADDR] [--allow-profile P]... [--lazy]",
    summary: "Serve the role's credentials to containers and apps (ECS protocol)",
    description: "Serves the role credentials of profile NAME over HTTP, as the ECS container " +
      "credentials endpoint does, refreshing them as needed: at / NAME's, at " +
      "/role-arn/ROLE-ARN that role assumed with NAME's credentials, and at /profile/P the " +
      "profiles --allow-profile names. Every request must carry the token it prints. It " +
      "listens on 127.0.0.1 unless --host says otherwise.",
    flags: [
      PROFILE,
      { name: "--port", value: "N", help: "The port (default: a free one)" },
      { name: "--host", value: "ADDR", help: "The address to listen on (default 127.0.0.1)" },
      {
        name: "--allow-profile",
        value: "P",
        repeatable: true,
        completes: "profile",
        help: "Also serve profile P at /profile/P (repeatable; '*' for every profile)",
      },
      { name: "--lazy", help: "Fetch nothing (and ask for no MFA code) before the first request" },
      NO_GUI,
    ],
    module: "./commands/server.ts",
  },
  {
    name: "login",
    usage: "--profile NAME [--service S | --path P] [--region R] [--duration D] [--stdout]",
    summary: "Open the AWS console as the role",
    description:
      "Signs in to the AWS console as the role of profile NAME, with the same cache and MFA " +
      "session as assume, and opens it in your browser (BROWSER, else open, xdg-open or " +
      "explorer). The console session lasts as long as the role credentials have left, at " +
      "most 12 h; --duration asks for role credentials of that length (above 1 h only for a " +
      "role assumed directly with the long-term key, so with an MFA code of its own). The URL " +
      "is a bearer credential until then: --stdout prints it instead of opening it.",
    flags: [
      PROFILE,
      { name: "--service", value: "S", help: "Open that service's console, e.g. s3" },
      { name: "--path", value: "P", help: "Open that console path, e.g. /cloudwatch/home" },
      { name: "--region", value: "R", help: "The console's region (default: the profile's)" },
      {
        name: "--duration",
        value: "D",
        help: "Role credentials and console session of that length, 15m to 12h (e.g. 2h)",
      },
      { name: "--stdout", help: "Print the sign-in URL instead of opening a browser" },
      NO_GUI,
    ],
    module: "./commands/login.ts",
  },
  {
    name: "config list",
    usage: "",
    summary: "List the profiles that use vegas-credentials",
    description:
      "Lists the profiles of ours (vegas_role_arn, or vegas_source_profile over an SSO or " +
      "web identity source), with their role and source profile.",
    flags: [],
    module: "./commands/config_list.ts",
  },
  {
    name: "config show-profile",
    usage: "--profile NAME",
    summary: "Show a profile's resolved settings",
    description:
      "Prints the settings that assume would use for profile NAME, as JSON, with where each " +
      "came from.",
    flags: [PROFILE],
    module: "./commands/config_show_profile.ts",
  },
  {
    name: "cache list",
    usage: "",
    summary: "Show which profiles have cached credentials",
    description:
      "Lists the cached credentials: profile, time left and expiry. Never prints a secret.",
    flags: [],
    module: "./commands/cache_list.ts",
  },
  {
    name: "cache status",
    aliasOf: "cache list",
    usage: "",
    summary: "Alias of cache list",
    description: "Alias of cache list.",
    flags: [],
    module: "./commands/cache_list.ts",
  },
  {
    name: "sso login",
    usage: "--profile NAME | --sso-session NAME [--use-device-code] [--no-browser]",
    summary: "Sign in to IAM Identity Center; the token goes to the AWS CLI's cache",
    description:
      "Signs in to the SSO session of profile NAME (an SSO profile, or one whose source is) " +
      "or of [sso-session NAME], in the browser with an authorization code (PKCE), or with " +
      "--use-device-code by a code you enter. The token is written to ~/.aws/sso/cache as the " +
      "AWS CLI writes it, and refreshes without a browser. assume signs in by itself when it " +
      "must; parallel callers share one sign-in.",
    flags: [
      { ...PROFILE, required: false, help: "An SSO profile, or a profile whose source is one" },
      SSO_SESSION,
      { name: "--use-device-code", help: "Sign in with a device code instead of a callback" },
      { name: "--no-browser", help: "Print the sign-in URL instead of opening a browser" },
    ],
    module: "./commands/sso_login.ts",
  },
  {
    name: "sso logout",
    usage: "--profile NAME | --sso-session NAME",
    summary: "End an SSO session: the token and the credentials cached from it",
    description:
      "Tells the portal to end the session's token, deletes it from ~/.aws/sso/cache, and " +
      "removes every credential vegas-credentials cached from it.",
    flags: [
      { ...PROFILE, required: false, help: "An SSO profile, or a profile whose source is one" },
      SSO_SESSION,
    ],
    module: "./commands/sso_logout.ts",
  },
  {
    name: "sso populate",
    usage: "--sso-session NAME | --profile NAME [--dry-run]",
    summary: "Add a profile for every SSO account and role that has none",
    description:
      "Lists every account and role the session may use and appends to the config file one " +
      "standard SSO profile (sso_session, sso_account_id, sso_role_name) for each that no " +
      "profile has yet, named ACCOUNT-NAME/ROLE. Nothing already in the file changes; a " +
      "second run adds nothing. --dry-run prints the sections instead.",
    flags: [
      SSO_SESSION,
      { ...PROFILE, required: false, help: "An SSO profile, or a profile whose source is one" },
      { name: "--dry-run", help: "Print the profiles instead of adding them" },
    ],
    module: "./commands/sso_populate.ts",
  },
  {
    name: "cache clean",
    usage: "[--profile NAME]",
    summary: "Remove cached credentials (all, or one profile's)",
    description:
      "Removes all cached credentials, or only those of profile NAME. The next assume fetches " +
      "new ones.",
    flags: [{ ...PROFILE, required: false }],
    module: "./commands/cache_clean.ts",
  },
  {
    name: "add",
    usage: "--profile NAME [--env]",
    summary: "Store a profile's long-term access key in the keyring",
    description:
      "Asks for the access key id and secret of profile NAME (nothing shown; --env takes them " +
      "from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), checks them with STS " +
      "GetCallerIdentity, and stores them in the keyring (VEGAS_CREDENTIALS_KEYRING, else the " +
      "system's). A source profile with no keys in the shared files then gets them from there.",
    flags: [PROFILE, { name: "--env", help: "Take the key from the environment" }],
    module: "./commands/add.ts",
  },
  {
    name: "remove",
    usage: "--profile NAME",
    summary: "Delete a profile's key from the keyring, and its cached sessions",
    description:
      "Deletes the keyring item of profile NAME, its cached MFA session, and the cached role " +
      "credentials of every profile whose chain starts at it.",
    flags: [PROFILE],
    module: "./commands/remove.ts",
  },
  {
    name: "rotate",
    usage: "--profile NAME",
    summary: "Replace a profile's stored key with a new one (IAM)",
    description:
      "Creates a new access key for the IAM user of profile NAME, waits until STS accepts it " +
      "(IAM is eventually consistent), stores it, then deletes the old key. When IAM demands " +
      "MFA, the calls use an MFA session. A failure at any step leaves one working key " +
      "stored, and says which.",
    flags: [PROFILE, NO_GUI],
    module: "./commands/rotate.ts",
  },
  {
    name: "migrate",
    usage: "--profile NAME",
    summary: "Move a profile's key from ~/.aws/credentials into the keyring",
    description:
      "Checks the key of profile NAME in the credentials file with STS GetCallerIdentity, " +
      "writes a 0600 backup of the file, stores the key in the keyring, and removes just its " +
      "two lines from the file, every other byte kept. Refuses a symlinked file, and one that " +
      "changed meanwhile.",
    flags: [PROFILE],
    module: "./commands/migrate.ts",
  },
  {
    name: "list",
    usage: "[--names]",
    summary: "One table of the vegas profiles and their state",
    description:
      "Lists every profile with vegas_role_arn: its role, source profile and MFA device, and " +
      "its state: the time left on its cached credentials and on its source's MFA session. " +
      "Never a secret. --names prints every profile name of both files instead, one a line " +
      "(what the shell completions read).",
    flags: [{
      name: "--names",
      help: "Only the names of all profiles, one a line; names with control characters left out",
    }],
    module: "./commands/list.ts",
  },
  {
    name: "doctor",
    usage: "[--profile NAME]",
    summary: "Check the setup: config, sources, MFA, clock and cache",
    description:
      "Checks the AWS files, the credential_process lines, each vegas profile and its source, " +
      "the MFA code sources of this session (terminal, GUI, ykman with its keys and accounts, " +
      "mfa_process) and the cache and log directories, one line per check with the fix. With " +
      "--profile, also proves the source credentials work (STS GetCallerIdentity, no MFA) and " +
      "compares the clock with AWS's. Exits 1 when a check failed.",
    flags: [{ ...PROFILE, required: false }],
    module: "./commands/doctor.ts",
  },
  {
    name: "completion",
    usage: "bash|zsh|fish|powershell",
    summary: "Print a shell completion script",
    description:
      "Prints a completion script for the shell: commands, flags, --format values, and profile " +
      "names, read from your AWS config when you complete. See the README for where to put it.",
    flags: [],
    positional: { name: "SHELL", choices: COMPLETION_SHELLS },
    module: "./commands/completion.ts",
  },
  {
    name: "version",
    usage: "[--full]",
    summary: "Show the version",
    description:
      "Prints the version; --full adds the Deno, V8 and TypeScript versions and the platform.",
    flags: [{ name: "--full", help: "Also the runtime versions and the platform" }],
    module: "./commands/version.ts",
  },
  {
    name: "help",
    usage: "[COMMAND]",
    summary: "Show help for a command",
    description: "Shows the overview, or the help of one command.",
    flags: [],
    module: "./commands/help.ts",
  },
];

/** Flags every command accepts. */
export const COMMON_FLAGS: readonly FlagSpec[] = [
  { name: "--verbose", help: "Show progress on stderr" },
  { name: "--debug", help: "Show progress and detail on stderr" },
  {
    name: "--no-color",
    help: "No colours (also NO_COLOR, VEGAS_CREDENTIALS_NO_COLOR, TERM=dumb)",
  },
  { name: "--hide-arns", help: "Mask ARNs in all output" },
  { name: "--help", aliases: ["-h"], help: "Show help" },
];

/** Words that start a two-word command. */
export const GROUPS: readonly string[] = [
  ...new Set(COMMANDS.filter((c) => c.name.includes(" ")).map((c) => c.name.split(" ")[0])),
];

/** The command named `name`, if any. */
export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((command) => command.name === name);
}
