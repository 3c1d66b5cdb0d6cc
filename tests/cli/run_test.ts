import { COMMANDS } from "../../src/cli/command_table.ts";
import { run } from "../../src/cli/run.ts";
import { assertEquals, assertMatch, assertStringIncludes } from "../support/assert.ts";
import { fakeDeps } from "../support/fake_deps.ts";

const CONFIG = `[default]
mfa_serial = arn:aws:iam::111111111111:mfa/FrankSinatra
[profile frank@concerts]
credential_process = vegas-credentials assume --profile=frank@concerts
vegas_role_arn = arn:aws:iam::222222222222:role/SingerRole
vegas_source_profile = default
region = us-west-1
duration_seconds = 4383
[profile copy-paste]
credential_process = vegas-credentials assume --profile=frank@concerts
vegas_role_arn = arn:aws:iam::333333333333:role/ActorRole
vegas_source_profile = default
[profile plain]
region = eu-west-1
`;

function world(env: Record<string, string> = {}) {
  return fakeDeps({
    env: { HOME: "/home/f", USER: "frank", ...env },
    files: { "/home/f/.aws/config": CONFIG },
  });
}

Deno.test("--version prints the version; version --full adds the runtime", async () => {
  const deps = world();
  assertEquals(await run(["--version"], deps), 0);
  assertMatch(deps.captured.stdout, /^vegas-credentials \d+\.\d+\.\d+\n$/);
  const full = world();
  assertEquals(await run(["version", "--full"], full), 0);
  assertMatch(full.captured.stdout, /deno 2\.9\.6\nv8 .*\ntypescript .*\nplatform \w+-\w+\n$/);
});

Deno.test("--help prints the overview, and each command has its own help", async () => {
  for (
    const args of [["--help"], ["help"], ["assume", "--help"], ["help", "config", "show-profile"], [
      "version",
      "-h",
    ]]
  ) {
    const deps = world();
    assertEquals(await run(args, deps), 0, args.join(" "));
    assertStringIncludes(deps.captured.stdout, "Usage:");
    assertEquals(deps.captured.stderr, "");
  }
});

Deno.test("the overview keeps a space between every usage and its summary", async () => {
  const deps = world();
  assertEquals(await run(["--help"], deps), 0);
  const text = deps.captured.stdout;
  for (const command of COMMANDS.filter((c) => !c.aliasOf)) {
    const usage = `  vegas-credentials ${command.name}${command.usage ? ` ${command.usage}` : ""}`;
    const at = text.indexOf(`${usage}`);
    assertEquals(at >= 0, true, usage);
    assertMatch(text.slice(at + usage.length, at + usage.length + 1), /^[ \n]$/, usage);
  }
  assertStringIncludes(
    text,
    "  vegas-credentials add --profile NAME [--env]\n" + " ".repeat(46) + "Store a profile",
  );
});

Deno.test("every help page fits in 100 columns, but for usage lines", async () => {
  for (const command of COMMANDS) {
    const deps = world();
    assertEquals(await run([...command.name.split(" "), "--help"], deps), 0, command.name);
    const long = deps.captured.stdout.split("\n").filter((line) =>
      line.length > 100 && !/^(Usage: | {2}vegas-credentials )/.test(line)
    );
    assertEquals(long, [], command.name);
  }
});

Deno.test("config list shows the vegas profiles with role and source, sorted", async () => {
  const deps = world();
  assertEquals(await run(["config", "list"], deps), 0);
  assertEquals(
    deps.captured.stdout,
    "PROFILE         ROLE                                       SOURCE\n" +
      "copy-paste      arn:aws:iam::333333333333:role/ActorRole   default\n" +
      "frank@concerts  arn:aws:iam::222222222222:role/SingerRole  default\n",
  );
});

Deno.test("config list with --hide-arns masks the roles", async () => {
  const deps = world();
  await run(["config", "list", "--hide-arns"], deps);
  assertStringIncludes(deps.captured.stdout, "arn:aws:iam::***:role/***");
});

Deno.test("config show-profile prints resolved settings with their origin", async () => {
  const deps = world();
  assertEquals(await run(["config", "show-profile", "--profile", "frank@concerts"], deps), 0);
  const shown = JSON.parse(deps.captured.stdout);
  assertEquals(shown.region, {
    value: "us-west-1",
    from: 'profile "frank@concerts" in ~/.aws/config line 7',
  });
  assertEquals(shown.duration_seconds.value, 4383);
  assertEquals(shown.role_session_name, { value: "frank", from: "default" });
  assertEquals(shown.mfa_serial.from, 'profile "default" in ~/.aws/config line 2');
  assertEquals(shown.sts_endpoint, "https://sts.us-west-1.amazonaws.com");
  assertEquals(shown.vegas_yubikey_label, {
    value: "arn:aws:iam::111111111111:mfa/FrankSinatra",
    from: "default",
  });
  assertEquals(shown.vegas_mfa_timeout, { value: 60, from: "default" });
  assertEquals(shown.warnings, []);
});

Deno.test("config show-profile warns when credential_process names another profile", async () => {
  const deps = world();
  await run(["config", "show-profile", "--profile=copy-paste"], deps);
  assertMatch(
    JSON.parse(deps.captured.stdout).warnings[0],
    /does not mention --profile=copy-paste/,
  );
});

Deno.test("config show-profile of a role-less MFA profile shows the session, not role settings", async () => {
  const deps = fakeDeps({
    env: { HOME: "/home/f", USER: "frank", AWS_ROLE_SESSION_NAME: "everywhere" },
    files: {
      "/home/f/.aws/config":
        "[default]\nmfa_serial = arn:aws:iam::111111111111:mfa/FrankSinatra\n" +
        "credential_process = vegas-credentials assume --profile=default\nduration_seconds = 7200\n",
    },
  });
  assertEquals(await run(["config", "show-profile", "--profile=default"], deps), 0);
  const shown = JSON.parse(deps.captured.stdout);
  for (const key of ["duration_seconds", "role_session_name", "vegas_role_arn"]) {
    assertEquals(shown[key], undefined, key);
  }
  assertEquals(shown.vegas_mfa_session_duration, { value: 28800, from: "default" });
  assertMatch(shown.mfa, /^no role: assume prints this profile's own MFA session/);
  // The profile's own duration_seconds is named; the environment's session name, meant for
  // every profile, is not.
  assertEquals(shown.warnings, [
    'duration_seconds (profile "default" in ~/.aws/config line 4) has no effect: this profile ' +
    "has no vegas_role_arn, so assume prints its MFA session, which lasts " +
    "vegas_mfa_session_duration; remove it, or add vegas_role_arn and vegas_source_profile",
  ]);
});

Deno.test("config show-profile of a profile without vegas keys is a config error", async () => {
  const deps = world();
  assertEquals(await run(["config", "show-profile", "--profile=plain"], deps), 3);
  assertMatch(deps.captured.stderr, /Profile "plain" in ~\/\.aws\/config has no vegas_role_arn/);
});

Deno.test("errors go to the log file in XDG_STATE_HOME too", async () => {
  const deps = world({ XDG_STATE_HOME: "/state" });
  assertEquals(await run(["assume", "--profile=nope"], deps), 3);
  assertMatch(
    deps.captured.appended["/state/vegas-credentials/vegas-credentials.log"],
    /error: Profile "nope" not found/,
  );
});

Deno.test("usage errors print one line and exit 2", async () => {
  const deps = world();
  assertEquals(await run(["assume", "--frofile=x"], deps), 2);
  assertEquals(
    deps.captured.stderr,
    "vegas-credentials: Unknown flag --frofile for assume; run vegas-credentials assume --help\n",
  );
});

Deno.test("colour is used on a terminal unless NO_COLOR, VEGAS_CREDENTIALS_NO_COLOR, TERM=dumb or --no-color", async () => {
  const colored = (env: Record<string, string>, args: string[] = []) => {
    const deps = fakeDeps({
      env: { HOME: "/home/f", ...env },
      files: {},
      overrides: { stderrIsTerminal: () => true },
    });
    return run(["assume", "--profile=x", ...args], deps).then(() =>
      deps.captured.stderr.includes("\x1b[")
    );
  };
  assertEquals(await colored({}), true);
  assertEquals(await colored({ NO_COLOR: "1" }), false);
  assertEquals(await colored({ VEGAS_CREDENTIALS_NO_COLOR: "true" }), false);
  assertEquals(await colored({ TERM: "dumb" }), false);
  assertEquals(await colored({}, ["--no-color"]), false);
});
