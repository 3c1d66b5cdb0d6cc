/**
 * The installed command as a user types it: help, version, diagnostics, the log file, the demo.
 */

import { assertEquals, assertMatch, assertOk, assertStringIncludes } from "../support/assert.ts";
import { REPO_ROOT, runCli } from "../support/installed_cli.ts";
import { createWorld, FRANK, SINGER_ROLE, standardConfig } from "../support/world.ts";
import { linuxTest } from "../support/platform.ts";

linuxTest("the installed command answers --version and --help", async () => {
  const world = await createWorld();
  try {
    const version = await runCli(["--version"], world.env());
    assertEquals(version.code, 0);
    assertMatch(version.stdout, /^vegas-credentials \d+\.\d+\.\d+\n$/);
    const help = await runCli(["--help"], world.env());
    assertStringIncludes(help.stdout, "vegas-credentials assume --profile NAME");
  } finally {
    await world.close();
  }
});

linuxTest(
  "--verbose shows progress on stderr and the log file, never a secret or the MFA code",
  async () => {
    const world = await createWorld();
    try {
      const result = await runCli(["assume", "--profile=frank@concerts", "--verbose"], world.env());
      assertEquals(result.code, 0, result.stderr);
      const credentials = JSON.parse(result.stdout);
      assertStringIncludes(
        result.stderr,
        "Assumed arn:aws:sts::222222222222:assumed-role/SingerRole/",
      );
      const log = await Deno.readTextFile(
        `${world.home}/.local/state/vegas-credentials/vegas-credentials.log`,
      );
      assertStringIncludes(log, "MFA code from mfa_process");
      const code = world.sts.requests.find((r) => r.action === "AssumeRole")!.params.TokenCode;
      for (
        const secret of [
          FRANK.secretAccessKey,
          credentials.SecretAccessKey,
          credentials.SessionToken,
          code,
        ]
      ) {
        assertOk(!result.stderr.includes(secret), "stderr leaks a secret");
        assertOk(!log.includes(secret), "the log file leaks a secret");
      }
    } finally {
      await world.close();
    }
  },
);

linuxTest("--hide-arns keeps ARNs out of verbose output", async () => {
  const world = await createWorld();
  try {
    const result = await runCli(
      ["assume", "--profile=frank@concerts", "--verbose", "--hide-arns"],
      world.env(),
    );
    assertEquals(result.code, 0, result.stderr);
    assertOk(!/\d{12}/.test(result.stderr), result.stderr);
    assertStringIncludes(result.stderr, "arn:aws:iam::***:role/***");
  } finally {
    await world.close();
  }
});

linuxTest(
  "deno task demo assumes a role against the loopback STS and shows the identity",
  async () => {
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["task", "demo"],
      cwd: REPO_ROOT,
      env: { NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(output.stdout);
    assertEquals(output.code, 0, stdout + new TextDecoder().decode(output.stderr));
    assertMatch(
      stdout,
      /sts:GetCallerIdentity with those credentials says:\n\s+arn:aws:sts::222222222222:assumed-role\/SingerRole\//,
    );
    assertStringIncludes(stdout, "STS saw: GetSessionToken, AssumeRole, GetCallerIdentity");
    assertStringIncludes(
      stdout,
      "The same credentials, from the encrypted cache; STS calls so far: 3.",
    );
  },
);

linuxTest(
  "a second role in the same 30 s waits for a fresh MFA code instead of reusing one",
  async () => {
    const actorRole = "arn:aws:iam::222222222222:role/ActorRole";
    const world = await createWorld({
      roles: [
        { arn: SINGER_ROLE, trusted: [FRANK.arn], requireMfa: true },
        { arn: actorRole, trusted: [FRANK.arn], requireMfa: true },
      ],
    });
    try {
      await world.writeConfig(
        standardConfig(
          world,
          `\n[profile frank@movies]\nvegas_role_arn = ${actorRole}\nvegas_source_profile = default\n`,
        ).replace("[default]", "[default]\nvegas_mfa_session = false"),
      );
      const first = await runCli(["assume", "--profile=frank@concerts"], world.env());
      assertEquals(first.code, 0, first.stderr);
      const second = await runCli(["assume", "--profile=frank@movies", "--verbose"], world.env());
      assertEquals(second.code, 0, second.stderr);
      assertMatch(second.stderr, /AWS accepts each MFA code once: waiting \d+ s for the next code/);
      const codes = world.sts.requests.filter((r) => r.action === "AssumeRole").map((r) =>
        r.params.TokenCode
      );
      assertEquals(codes.length, 2);
      assertOk(codes[0] !== codes[1]);
      assertEquals(world.sts.requests.filter((r) => r.error).length, 0);
    } finally {
      await world.close();
    }
  },
);
