import { parseArgs } from "../../src/cli/args.ts";
import { UsageError } from "../../src/errors.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

const NO_FLAGS = { verbose: false, debug: false, noColor: false, hideArns: false };

function shape(args: string[]) {
  const { command } = parseArgs(args);
  return {
    name: command.name,
    switches: [...command.switches].sort(),
    values: Object.fromEntries(command.values),
    rest: command.rest,
  };
}

Deno.test("assume takes --profile=NAME or --profile NAME, and the original's flags", () => {
  const expected = {
    name: "assume",
    switches: [],
    values: { "--profile": "frank@concerts" },
    rest: [],
  };
  assertEquals(shape(["assume", "--profile=frank@concerts"]), expected);
  assertEquals(shape(["assume", "--profile", "frank@concerts"]), expected);
  assertEquals(parseArgs(["assume", "--profile=p"]).flags, NO_FLAGS);
  const all = parseArgs([
    "assume",
    "--profile=p",
    "--verbose",
    "--debug",
    "--no-color",
    "--hide-arns",
    "--disable-dialog",
    "--disable-mandatory-refresh",
  ]);
  assertEquals(all.flags, { verbose: true, debug: true, noColor: true, hideArns: true });
  assertEquals(
    shape(["assume", "--profile=p", "--disable-dialog", "--disable-mandatory-refresh"]),
    {
      name: "assume",
      switches: ["--disable-mandatory-refresh", "--no-gui"],
      values: { "--profile": "p" },
      rest: [],
    },
  );
  assertEquals(shape(["assume", "--no-gui", "--profile=p"]).switches, ["--no-gui"]);
});

Deno.test("common flags may come before the command", () => {
  assertEquals(parseArgs(["--verbose", "assume", "--profile=p"]).flags.verbose, true);
  assertEquals(shape(["--profile", "p", "assume"]).values, { "--profile": "p" });
});

Deno.test("help, version and config commands parse", () => {
  assertEquals(shape(["--help"]), { name: "help", switches: [], values: {}, rest: [] });
  assertEquals(shape(["assume", "--help"]).rest, ["assume"]);
  assertEquals(shape(["help", "config", "list"]).rest, ["config list"]);
  assertEquals(shape(["--version"]).name, "version");
  assertEquals(shape(["version", "--full"]).switches, ["--full"]);
  assertEquals(shape(["config", "list"]).name, "config list");
  assertEquals(shape(["cache", "status"]).name, "cache list");
  assertEquals(shape(["config", "show-profile", "--profile", "x"]).values, { "--profile": "x" });
});

Deno.test("exec passes through everything after -- or after its first word", () => {
  assertEquals(shape(["exec", "--profile=p", "--", "aws", "--profile", "x", "--verbose"]).rest, [
    "aws",
    "--profile",
    "x",
    "--verbose",
  ]);
  assertEquals(shape(["exec", "--profile", "p", "env", "-i"]).rest, ["env", "-i"]);
  assertEquals(shape(["exec", "--profile=p", "--server"]).switches, ["--server"]);
  assertEquals(shape(["export", "--profile=p", "--format", "fish"]).values, {
    "--profile": "p",
    "--format": "fish",
  });
});

Deno.test("bad command lines are usage errors that say what to do", () => {
  const cases: [string[], RegExp][] = [
    [[], /No command given; run vegas-credentials --help/],
    [
      ["assum"],
      /Unknown command "assum"; the commands are assume, exec, export, server, login, config list/,
    ],
    [
      ["cache", "purge"],
      /Unknown command "cache purge"; the commands are cache list, cache status, cache clean$/,
    ],
    [
      ["config", "lst"],
      /Unknown command "config lst"; the commands are config list, config show-profile$/,
    ],
    [["assume"], /assume needs --profile NAME/],
    [["assume", "--profile="], /--profile must not be empty/],
    [["assume", "--profile"], /--profile needs a value/],
    [["assume", "--profile=p", "--bogus"], /Unknown flag --bogus for assume/],
    [["assume", "--profile=p", "extra"], /Unexpected argument "extra" for assume/],
    [["config", "list", "--profile=p"], /Unknown flag --profile for config list/],
    [["version", "--full=yes"], /Unknown flag --full for version/],
    [["export", "--profile=p", "--format=csh"], /--format "csh" is not one of env, export-env/],
    [["assume", "--profile=p", "--\x1b[2J"], /Unknown flag --\\x1b\[2J for assume/],
  ];
  for (const [args, pattern] of cases) assertThrows(() => parseArgs(args), UsageError, pattern);
});
