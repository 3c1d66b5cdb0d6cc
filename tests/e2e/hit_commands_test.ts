/**
 * `export`, `exec` and `--version` served by the cache hit, as a user runs them: what the hit
 * prints or gives the child is exactly what the full program does (`--verbose` always runs the
 * full program), and a hit writes nothing to the log, which is how a test tells the two apart.
 */

import { assertEquals, assertMatch, assertOk } from "../support/assert.ts";
import { runCli } from "../support/installed_cli.ts";
import { linuxTest } from "../support/platform.ts";
import { createWorld, standardConfig, type World } from "../support/world.ts";

const PROFILE = "--profile=frank@concerts";
const FORMATS = ["env", "export-env", "fish", "powershell", "json", "ini"];

/** The log file's length, 0 when there is none. */
async function logLength(world: World): Promise<number> {
  const path = `${world.home}/.local/state/vegas-credentials/vegas-credentials.log`;
  return (await Deno.stat(path).catch(() => undefined))?.size ?? 0;
}

/** Runs `args` twice, through the full program (`--verbose`) and as a user would (a hit). */
async function bothWays(world: World, args: string[], env = world.env()) {
  const full = await runCli([...args.slice(0, 1), "--verbose", ...args.slice(1)], env);
  assertEquals(full.code, 0, full.stderr);
  const before = await logLength(world);
  const hit = await runCli(args, env);
  assertEquals(hit.code, 0, hit.stderr);
  assertEquals(hit.stderr, "");
  assertEquals(await logLength(world), before, `${args.join(" ")} was served by the hit`);
  return { full, hit };
}

linuxTest(
  "export from the cache hit prints what the full program prints, in every format",
  async () => {
    const world = await createWorld();
    try {
      assertEquals((await runCli(["assume", PROFILE], world.env())).code, 0);
      for (const format of FORMATS) {
        const { full, hit } = await bothWays(world, ["export", PROFILE, `--format=${format}`]);
        assertEquals(hit.stdout, full.stdout, format);
      }
      const { full, hit } = await bothWays(world, ["export", PROFILE]);
      assertEquals(hit.stdout, full.stdout);
      assertMatch(hit.stdout, /^AWS_REGION='eu-west-1'$/m);
      assertMatch(hit.stdout, /^VEGAS_CREDENTIALS_PROFILE='frank@concerts'$/m);
      // An unknown format is the full program's to refuse.
      const bad = await runCli(["export", PROFILE, "--format=csv"], world.env());
      assertEquals(bad.code, 2);
      assertEquals(world.sts.successes("AssumeRole"), 1);
    } finally {
      await world.close();
    }
  },
);

linuxTest(
  "export from the cache hit of a profile without a region prints the default one",
  async () => {
    const world = await createWorld();
    try {
      await world.writeConfig(standardConfig(world).replaceAll("region = eu-west-1\n", ""));
      assertEquals((await runCli(["assume", PROFILE], world.env())).code, 0);
      // No region of its own: the default region, by either.
      const bare = await bothWays(world, ["export", "--profile", "frank@concerts"]);
      assertEquals(bare.hit.stdout, bare.full.stdout);
      assertMatch(bare.hit.stdout, /^AWS_REGION='us-east-1'$/m);
    } finally {
      await world.close();
    }
  },
);

linuxTest(
  "exec from the cache hit gives the child the environment the full program gives it",
  async () => {
    const world = await createWorld();
    try {
      assertEquals((await runCli(["assume", PROFILE], world.env())).code, 0);
      const env = world.env({ AWS_PROFILE: "default", AWS_ACCESS_KEY_ID: "AKIAOUTSIDE" });
      const { full, hit } = await bothWays(world, ["exec", PROFILE, "--", "env"], env);
      const sorted = (text: string) => text.split("\n").filter((l) => l !== "").sort().join("\n");
      assertEquals(sorted(hit.stdout), sorted(full.stdout));
      assertMatch(hit.stdout, /^AWS_ACCESS_KEY_ID=ASIA/m);
      assertOk(!/^AWS_PROFILE=/m.test(hit.stdout));
      // The first word that is not a flag starts the command, as for the full program.
      const words = await bothWays(world, ["exec", PROFILE, "sh", "-c", "echo $AWS_REGION"]);
      assertEquals(words.hit.stdout, "eu-west-1\n");
      assertEquals(words.full.stdout, words.hit.stdout);
      // Exit codes and signals, as from the full program.
      const before = await logLength(world);
      assertEquals(
        (await runCli(["exec", PROFILE, "--", "sh", "-c", "exit 7"], world.env())).code,
        7,
      );
      const killed = await runCli(
        ["exec", PROFILE, "--", "sh", "-c", "kill -TERM $$"],
        world.env(),
      );
      assertEquals(killed.code, 143);
      assertEquals(await logLength(world), before, "both served by the hit");
      // What the hit cannot do goes to the full program: a missing program, a nested exec.
      const missing = await runCli(["exec", PROFILE, "--", "no-such-program-here"], world.env());
      assertEquals(missing.code, 2);
      assertMatch(missing.stderr, /Cannot run "no-such-program-here": no such program on PATH/);
      const nested = await runCli(
        ["exec", PROFILE, "--", "true"],
        world.env({ VEGAS_CREDENTIALS_PROFILE: "outer" }),
      );
      assertEquals(nested.code, 2);
      assertMatch(nested.stderr, /Already inside vegas-credentials exec for profile "outer"/);
      assertEquals(world.sts.successes("AssumeRole"), 1);
    } finally {
      await world.close();
    }
  },
);

linuxTest("--version and version are served without the full program", async () => {
  const world = await createWorld();
  try {
    const full = await runCli(["version", "--verbose"], world.env());
    for (const args of [["--version"], ["version"]]) {
      const hit = await runCli(args, world.env());
      assertEquals([hit.code, hit.stdout, hit.stderr], [0, full.stdout, ""]);
    }
    assertMatch(full.stdout, /^vegas-credentials \d+\.\d+\.\d+\n$/);
  } finally {
    await world.close();
  }
});
