import { parseArgs } from "../../src/cli/args.ts";
import { UsageError } from "../../src/errors.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";

const NO_FLAGS = { verbose: false, debug: false, noColor: false, hideArns: false };

Deno.test("assume takes --profile=NAME or --profile NAME, and the original's flags", () => {
  const expected = {
    name: "assume",
    profile: "frank@concerts",
    noGui: false,
    disableMandatoryRefresh: false,
  };
  assertEquals(parseArgs(["assume", "--profile=frank@concerts"]), {
    command: expected,
    flags: NO_FLAGS,
  });
  assertEquals(parseArgs(["assume", "--profile", "frank@concerts"]).command, expected);
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
  assertEquals(all.command, {
    name: "assume",
    profile: "p",
    noGui: true,
    disableMandatoryRefresh: true,
  });
  assertEquals(parseArgs(["assume", "--no-gui", "--profile=p"]).command, {
    name: "assume",
    profile: "p",
    noGui: true,
    disableMandatoryRefresh: false,
  });
});

Deno.test("common flags may come before the command", () => {
  assertEquals(parseArgs(["--verbose", "assume", "--profile=p"]).flags.verbose, true);
});

Deno.test("help, version and config commands parse", () => {
  assertEquals(parseArgs(["--help"]).command, { name: "help", topic: undefined });
  assertEquals(parseArgs(["assume", "--help"]).command, { name: "help", topic: "assume" });
  assertEquals(parseArgs(["help", "config", "list"]).command, {
    name: "help",
    topic: "config list",
  });
  assertEquals(parseArgs(["--version"]).command, { name: "version", full: false });
  assertEquals(parseArgs(["version", "--full"]).command, { name: "version", full: true });
  assertEquals(parseArgs(["config", "list"]).command, { name: "config list" });
  assertEquals(parseArgs(["config", "show-profile", "--profile", "x"]).command, {
    name: "config show-profile",
    profile: "x",
  });
});

Deno.test("bad command lines are usage errors that say what to do", () => {
  const cases: [string[], RegExp][] = [
    [[], /No command given; run vegas-credentials --help/],
    [["assum"], /Unknown command "assum"; the commands are assume, config list/],
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
  ];
  for (const [args, pattern] of cases) assertThrows(() => parseArgs(args), UsageError, pattern);
});
