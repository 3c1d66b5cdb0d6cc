/**
 * Parses the command line against the command table. Hand-written and small: an argument
 * library from npm would cost 20-30 ms of startup on every run.
 *
 * @module
 */

import { UsageError } from "../errors.ts";
import { shown } from "../text/terminal_text.ts";
import { COMMANDS, type CommandSpec, findCommand, type FlagSpec, GROUPS } from "./command_table.ts";

/** Flags accepted by every command. */
export interface CommonFlags {
  verbose: boolean;
  debug: boolean;
  noColor: boolean;
  hideArns: boolean;
}

/** One command's own flags and words, as parsed. */
export interface CommandArgs {
  /** The command's name as in the table (an alias resolved). */
  name: string;
  /** Switches given, by their main name (`--no-gui` for `--disable-dialog`). */
  switches: Set<string>;
  /** Values given, by the flag's main name (the last, for a flag given more than once). */
  values: Map<string, string>;
  /** Every value of a repeatable flag, in order, by the flag's main name. */
  lists: Map<string, string[]>;
  /** Words passed through (after `--` for `exec`, the topic for `help`). */
  rest: string[];
}

/** The result of parsing. */
export interface ParsedArgs {
  command: CommandArgs;
  flags: CommonFlags;
}

const COMMON: Record<string, keyof CommonFlags> = {
  "--verbose": "verbose",
  "--debug": "debug",
  "--no-color": "noColor",
  "--hide-arns": "hideArns",
};

/** The command names, for messages and help. */
export const COMMAND_NAMES: readonly string[] = COMMANDS.map((command) => command.name);

function flagOf(spec: CommandSpec, name: string): FlagSpec | undefined {
  return spec.flags.find((flag) => flag.name === name || flag.aliases?.includes(name));
}

function command(name: string, rest: string[] = []): CommandArgs {
  return { name, switches: new Set(), values: new Map(), lists: new Map(), rest };
}

/**
 * Puts the command's own flags from `options` (each `--flag`, `--flag=value`, or `--flag` then
 * `=value` for a value given as its own word) into `parsed`; unknown, empty, out-of-list and
 * missing required values are usage errors.
 */
function applyFlags(
  spec: CommandSpec,
  name: string,
  options: string[],
  parsed: CommandArgs,
): void {
  for (let i = 0; i < options.length; i++) {
    const option = options[i];
    const equals = option.indexOf("=");
    const given = equals === -1 ? option : option.slice(0, equals);
    const flag = flagOf(spec, given);
    if (flag?.value) {
      let value = equals === -1 ? undefined : option.slice(equals + 1);
      if (value === undefined && options[i + 1]?.startsWith("=")) value = options[++i].slice(1);
      if (value === undefined) {
        throw new UsageError(`${given} needs a value, e.g. ${given}=${flag.value}`);
      }
      if (value === "") throw new UsageError(`${name}: ${given} must not be empty`);
      if (flag.choices && !flag.choices.includes(value)) {
        throw new UsageError(
          `${name}: ${given} "${shown(value, 60)}" is not one of ${flag.choices.join(", ")}`,
        );
      }
      parsed.values.set(flag.name, value);
      if (flag.repeatable) {
        parsed.lists.set(flag.name, [...parsed.lists.get(flag.name) ?? [], value]);
      }
    } else if (flag && equals === -1) {
      parsed.switches.add(flag.name);
    } else {
      throw new UsageError(
        `Unknown flag ${shown(given, 60)} for ${name}; run vegas-credentials ${name} --help`,
      );
    }
  }
  for (const flag of spec.flags) {
    if (flag.required && !parsed.values.has(flag.name)) {
      throw new UsageError(
        `${name} needs ${flag.name} ${flag.value}, the profile in your AWS config file, e.g. ` +
          `vegas-credentials ${name} ${flag.name}=frank@concerts`,
      );
    }
  }
}

/** Parses `args` (without the program name). */
export function parseArgs(args: string[]): ParsedArgs {
  const flags: CommonFlags = { verbose: false, debug: false, noColor: false, hideArns: false };
  const words: string[] = [];
  const options: string[] = [];
  let passed: string[] | undefined;
  let help = false;
  let version = false;
  let spec: CommandSpec | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--" && spec?.passThrough) {
      passed = args.slice(i + 1);
      break;
    }
    if (arg in COMMON) flags[COMMON[arg]] = true;
    else if (arg === "--help" || arg === "-h") help = true;
    else if (arg === "--version" && !spec) version = true;
    else if (arg.startsWith("-") && arg !== "-") {
      options.push(arg);
      // A value flag's value may follow as its own word.
      const takesValue = spec ? flagOf(spec, arg)?.value : arg === "--profile";
      if (takesValue && i + 1 < args.length) options.push(`=${args[++i]}`);
    } else if (spec?.passThrough) {
      passed = args.slice(i);
      break;
    } else {
      words.push(arg);
      const name = GROUPS.includes(words[0]) ? words.slice(0, 2).join(" ") : words[0];
      if (words.length <= 2) spec = findCommand(name) ?? spec;
    }
  }

  const name = GROUPS.includes(words[0]) ? words.slice(0, 2).join(" ") : words[0];
  const extraWords = words.slice(name?.includes(" ") ? 2 : 1);
  if (help || name === "help") {
    const topic = name === "help" ? words.slice(1).join(" ") : name;
    return { command: command("help", topic ? [topic] : []), flags };
  }
  if (name === undefined) {
    if (version) return { command: command("version"), flags };
    throw new UsageError("No command given; run vegas-credentials --help to see the commands");
  }
  spec = findCommand(name);
  if (!spec) {
    const group = GROUPS.includes(words[0]) ? words[0] + " " : "";
    const hint = COMMAND_NAMES.filter((n) => n.startsWith(group)).join(", ");
    throw new UsageError(`Unknown command "${shown(name, 60)}"; the commands are ${hint}`);
  }
  const positional = spec.positional;
  if (positional) {
    const word = extraWords.shift();
    if (word === undefined || !positional.choices.includes(word)) {
      throw new UsageError(
        `${name} needs ${positional.name}, one of ${positional.choices.join(", ")}` +
          (word === undefined ? "" : ` (not "${shown(word, 40)}")`) +
          `, e.g. vegas-credentials ${name} ${positional.choices[0]}`,
      );
    }
    extraWords.unshift(word);
  }
  if (extraWords.length > (positional ? 1 : 0)) {
    throw new UsageError(
      `Unexpected argument "${shown(extraWords.at(-1)!, 60)}" for ${name}; run vegas-credentials ` +
        `${name} --help`,
    );
  }
  const parsed = command(spec.aliasOf ?? spec.name, passed ?? (positional ? extraWords : []));
  applyFlags(spec, name, options, parsed);
  return { command: parsed, flags };
}
