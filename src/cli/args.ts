/**
 * Parses the command line. Hand-written: it is on the cache-hit path, where an argument-parsing
 * library from npm would cost 20-30 ms of startup.
 *
 * @module
 */

import { UsageError } from "../errors.ts";

/** Flags accepted by every command. */
export interface CommonFlags {
  verbose: boolean;
  debug: boolean;
  noColor: boolean;
  hideArns: boolean;
}

/** A parsed command line. */
export type Command =
  | { name: "help"; topic?: string }
  | { name: "version"; full: boolean }
  | {
    name: "assume";
    profile: string;
    /** `--no-gui` / `--disable-dialog`: never show a GUI dialog. */
    noGui: boolean;
    /** `--disable-mandatory-refresh`: serve cached credentials until they expire. */
    disableMandatoryRefresh: boolean;
  }
  | { name: "config list" }
  | { name: "config show-profile"; profile: string }
  | { name: "cache list" }
  | { name: "cache clean"; profile?: string };

/** The result of parsing. */
export interface ParsedArgs {
  command: Command;
  flags: CommonFlags;
}

const COMMON_FLAGS: Record<string, keyof CommonFlags> = {
  "--verbose": "verbose",
  "--debug": "debug",
  "--no-color": "noColor",
  "--hide-arns": "hideArns",
};

const COMMANDS: Record<string, { switches: string[]; values: string[] }> = {
  "assume": {
    switches: ["--no-gui", "--disable-dialog", "--disable-mandatory-refresh"],
    values: ["--profile"],
  },
  "config list": { switches: [], values: [] },
  "config show-profile": { switches: [], values: ["--profile"] },
  "version": { switches: ["--full"], values: [] },
  "cache list": { switches: [], values: [] },
  "cache status": { switches: [], values: [] },
  "cache clean": { switches: [], values: ["--profile"] },
};

/** Words that start a two-word command. */
const GROUPS = ["config", "cache"];

/** The commands, for help and suggestions. */
export const COMMAND_NAMES = Object.keys(COMMANDS);

function requireProfile(command: string, values: Map<string, string>): string {
  const profile = values.get("--profile");
  if (profile === undefined) {
    throw new UsageError(
      `${command} needs --profile NAME, the profile in your AWS config file, e.g. ` +
        `vegas-credentials ${command} --profile=frank@concerts`,
    );
  }
  if (profile === "") throw new UsageError(`${command}: --profile must not be empty`);
  return profile;
}

/** Parses `args` (without the program name). */
export function parseArgs(args: string[]): ParsedArgs {
  const flags: CommonFlags = { verbose: false, debug: false, noColor: false, hideArns: false };
  const words: string[] = [];
  const options: string[] = [];
  let help = false;
  let version = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg in COMMON_FLAGS) flags[COMMON_FLAGS[arg]] = true;
    else if (arg === "--help" || arg === "-h") help = true;
    else if (arg === "--version") version = true;
    else if (arg.startsWith("-")) {
      options.push(arg);
      // A value flag's value may follow as its own word.
      if (!arg.includes("=") && i + 1 < args.length && arg === "--profile") options.push(args[++i]);
    } else words.push(arg);
  }

  const commandName = GROUPS.includes(words[0]) ? words.slice(0, 2).join(" ") : words[0];
  const extraWords = words.slice(commandName?.includes(" ") ? 2 : 1);
  if (help || commandName === "help") {
    const topic = commandName === "help" ? words.slice(1).join(" ") || undefined : commandName;
    return { command: { name: "help", topic }, flags };
  }
  if (commandName === undefined) {
    if (version) return { command: { name: "version", full: false }, flags };
    throw new UsageError("No command given; run vegas-credentials --help to see the commands");
  }
  const spec = COMMANDS[commandName];
  if (!spec) {
    const group = GROUPS.includes(words[0]) ? words[0] + " " : "";
    const hint = COMMAND_NAMES.filter((name) => name.startsWith(group)).join(", ");
    throw new UsageError(`Unknown command "${commandName}"; the commands are ${hint}`);
  }
  if (extraWords.length > 0) {
    throw new UsageError(
      `Unexpected argument "${
        extraWords[0]
      }" for ${commandName}; run vegas-credentials ${commandName} --help`,
    );
  }
  const switches = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < options.length; i++) {
    const option = options[i];
    const equals = option.indexOf("=");
    const name = equals === -1 ? option : option.slice(0, equals);
    if (spec.values.includes(name)) {
      const value = equals === -1 ? options[++i] : option.slice(equals + 1);
      if (value === undefined) throw new UsageError(`${name} needs a value, e.g. ${name}=NAME`);
      values.set(name, value);
    } else if (spec.switches.includes(name) && equals === -1) {
      switches.add(name);
    } else {
      throw new UsageError(
        `Unknown flag ${name} for ${commandName}; run vegas-credentials ${commandName} --help`,
      );
    }
  }
  switch (commandName) {
    case "assume":
      return {
        command: {
          name: "assume",
          profile: requireProfile(commandName, values),
          noGui: switches.has("--no-gui") || switches.has("--disable-dialog"),
          disableMandatoryRefresh: switches.has("--disable-mandatory-refresh"),
        },
        flags,
      };
    case "config show-profile":
      return {
        command: { name: commandName, profile: requireProfile(commandName, values) },
        flags,
      };
    case "config list":
      return { command: { name: commandName }, flags };
    case "cache list":
    case "cache status":
      return { command: { name: "cache list" }, flags };
    case "cache clean": {
      const profile = values.get("--profile");
      if (profile === "") throw new UsageError(`cache clean: --profile must not be empty`);
      return { command: { name: commandName, profile }, flags };
    }
    default:
      return { command: { name: "version", full: switches.has("--full") }, flags };
  }
}
