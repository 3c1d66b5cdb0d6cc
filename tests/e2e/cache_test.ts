/**
 * The encrypted cache under real processes: hits, invalidation, damage, an unwritable cache,
 * parallel callers sharing one MFA prompt, and the entry lock.
 */

import { assertEquals, assertMatch, assertOk, assertStringIncludes } from "../support/assert.ts";
import { installedCli, runCli } from "../support/installed_cli.ts";
import {
  awsWhoAmI,
  createWorld,
  FRANK,
  SINGER_ROLE,
  standardConfig,
  type World,
} from "../support/world.ts";
import { linuxTest } from "../support/platform.ts";

const ASSUME = ["assume", "--profile=frank@concerts"];

/** A world whose role needs no MFA: every fetch is immediate, with no TOTP step to wait for. */
async function worldWithoutMfa(): Promise<World> {
  const world = await createWorld({
    roles: [{ arn: SINGER_ROLE, trusted: [FRANK.arn], requireMfa: false }],
  });
  await world.writeConfig(standardConfig(world).replace(/^mfa_serial = .*$/m, ""));
  return world;
}

function assumeRoleCalls(world: World): number {
  return world.sts.requests.filter((r) => r.action === "AssumeRole").length;
}

async function cacheFiles(world: World): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(`${world.home}/.cache/vegas-credentials`)) {
    names.push(entry.name);
  }
  return names;
}

linuxTest("a second assume is served from the cache: same credentials, no STS call", async () => {
  const world = await createWorld();
  try {
    const first = await runCli(ASSUME, world.env());
    assertEquals(first.code, 0, first.stderr);
    const second = await runCli([...ASSUME, "--verbose"], world.env());
    assertEquals(second.code, 0, second.stderr);
    assertEquals(second.stdout, first.stdout);
    assertMatch(
      second.stderr,
      /^Served cached credentials for profile frank@concerts$/m,
    );
    assertEquals(assumeRoleCalls(world), 1);
    const files = await cacheFiles(world);
    assertOk(
      files.every((name) => /^([0-9a-f]{64}\.(entry|lock)|salt)$/.test(name)),
      files.join(" "),
    );
  } finally {
    await world.close();
  }
});

linuxTest("the AWS CLI's second command is served from the cache", async () => {
  const world = await createWorld();
  try {
    await world.writeConfig(
      standardConfig(world).replace(
        "credential_process = vegas-credentials",
        `credential_process = ${await installedCli()}`,
      ),
    );
    for (let i = 0; i < 2; i++) {
      const result = await awsWhoAmI(world);
      assertEquals(result.code, 0, result.stderr);
    }
    assertEquals(assumeRoleCalls(world), 1);
    assertEquals(world.sts.successes("GetCallerIdentity"), 2);
  } finally {
    await world.close();
  }
});

linuxTest("10 parallel callers on a cold cache share one MFA code and one AssumeRole", async () => {
  const world = await createWorld();
  try {
    const runs = `${world.home}/mfa-runs`;
    await world.writeConfig(
      standardConfig(world).replace(
        /^mfa_process = (.*)$/m,
        `mfa_process = echo run >> ${runs}; $1`,
      ),
    );
    const results = await Promise.all(
      Array.from({ length: 10 }, () => runCli(ASSUME, world.env())),
    );
    for (const result of results) assertEquals(result.code, 0, result.stderr);
    assertEquals(new Set(results.map((r) => r.stdout)).size, 1);
    assertEquals(assumeRoleCalls(world), 1);
    assertEquals((await Deno.readTextFile(runs)).trim().split("\n").length, 1);
  } finally {
    await world.close();
  }
});

linuxTest("editing a profile misses only its own cache entry", async () => {
  const actor = "arn:aws:iam::222222222222:role/ActorRole";
  const world = await createWorld({
    roles: [
      { arn: SINGER_ROLE, trusted: [FRANK.arn], requireMfa: false, maxSessionDuration: 43200 },
      { arn: actor, trusted: [FRANK.arn], requireMfa: false },
    ],
  });
  try {
    const config = (duration: number) =>
      standardConfig(
        world,
        `duration_seconds = ${duration}\n[profile frank@movies]\nvegas_role_arn = ${actor}\nvegas_source_profile = default\n`,
      )
        .replace(/^mfa_serial = .*$/m, "");
    await world.writeConfig(config(3600));
    for (const profile of ["frank@concerts", "frank@movies"]) {
      assertEquals((await runCli(["assume", `--profile=${profile}`], world.env())).code, 0);
    }
    assertEquals(assumeRoleCalls(world), 2);
    await world.writeConfig(config(7200));
    const concerts = await runCli(ASSUME, world.env());
    const movies = await runCli(["assume", "--profile=frank@movies"], world.env());
    assertEquals([concerts.code, movies.code], [0, 0]);
    assertEquals(assumeRoleCalls(world), 3);
    assertEquals(world.sts.requests.at(-1)!.params.DurationSeconds, "7200");
  } finally {
    await world.close();
  }
});

linuxTest("a damaged cache entry is discarded and replaced", async () => {
  const world = await createWorld({
    roles: [{ arn: SINGER_ROLE, trusted: [FRANK.arn], requireMfa: false }],
  });
  try {
    await world.writeConfig(standardConfig(world).replace(/^mfa_serial = .*$/m, ""));
    assertEquals((await runCli(ASSUME, world.env())).code, 0);
    // Every entry: the role's and the hit memo that repeats it.
    for (const entry of (await cacheFiles(world)).filter((name) => name.endsWith(".entry"))) {
      const path = `${world.home}/.cache/vegas-credentials/${entry}`;
      const bytes = await Deno.readFile(path);
      bytes[bytes.length - 1] ^= 0xff;
      await Deno.writeFile(path, bytes);
    }
    const second = await runCli([...ASSUME, "--verbose"], world.env());
    assertEquals(second.code, 0, second.stderr);
    assertStringIncludes(second.stderr, "Discarded a cache entry that cannot be read here");
    assertEquals(assumeRoleCalls(world), 2);
    assertEquals((await runCli(ASSUME, world.env())).stdout, second.stdout);
  } finally {
    await world.close();
  }
});

linuxTest("an unwritable cache still prints the credentials, with a warning", async () => {
  const world = await createWorld();
  try {
    await Deno.writeTextFile(`${world.home}/not-a-dir`, "");
    const result = await runCli(ASSUME, world.env({ XDG_CACHE_HOME: `${world.home}/not-a-dir` }));
    assertEquals(result.code, 0, result.stderr);
    assertEquals(JSON.parse(result.stdout).Version, 1);
    assertMatch(
      result.stderr,
      /^vegas-credentials: Cannot use the credentials cache in ~\/not-a-dir\/vegas-credentials \(a parent path is not a directory\); the credentials are valid, but the next run will fetch new ones\n$/,
    );
    assertOk(!result.stderr.includes(JSON.parse(result.stdout).SecretAccessKey));
  } finally {
    await world.close();
  }
});

linuxTest(
  "cache list shows profiles and time left; cache clean removes one profile or all",
  async () => {
    const actor = "arn:aws:iam::222222222222:role/ActorRole";
    const world = await createWorld({
      roles: [
        { arn: SINGER_ROLE, trusted: [FRANK.arn], requireMfa: false },
        { arn: actor, trusted: [FRANK.arn], requireMfa: false },
      ],
    });
    try {
      await world.writeConfig(
        standardConfig(
          world,
          `[profile frank@movies]\nvegas_role_arn = ${actor}\nvegas_source_profile = default\n`,
        )
          .replace(/^mfa_serial = .*$/m, ""),
      );
      assertEquals(
        (await runCli(["cache", "list"], world.env())).stdout,
        "No cached credentials in ~/.cache/vegas-credentials\n",
      );
      await runCli(ASSUME, world.env());
      await runCli(["assume", "--profile=frank@movies"], world.env());
      const list = await runCli(["cache", "list"], world.env());
      assertMatch(
        list.stdout,
        /^PROFILE +LEFT +EXPIRES\nfrank@concerts +(59|60)m +\S+Z\nfrank@movies +(59|60)m +\S+Z\n$/,
      );
      assertEquals((await runCli(["cache", "status"], world.env())).stdout, list.stdout);
      const clean = await runCli(["cache", "clean", "--profile=frank@movies"], world.env());
      assertEquals(
        clean.stdout,
        "Removed the cached credentials of profile frank@movies from ~/.cache/vegas-credentials\n",
      );
      assertMatch(
        (await runCli(["cache", "list"], world.env())).stdout,
        /^PROFILE .*\nfrank@concerts .*\n$/,
      );
      assertEquals(
        (await runCli(["cache", "clean"], world.env())).stdout,
        "Removed 1 cached entry from ~/.cache/vegas-credentials\n",
      );
      assertEquals((await runCli(ASSUME, world.env())).code, 0);
      assertEquals(assumeRoleCalls(world), 3);
    } finally {
      await world.close();
    }
  },
);

linuxTest("a caller waiting on another caller's lock gives up with a clear message", async () => {
  const world = await createWorld();
  try {
    await world.writeConfig(
      standardConfig(world).replace(/^mfa_process = (.*)$/m, "mfa_process = sleep 4; $1"),
    );
    const holder = runCli(ASSUME, world.env());
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const waiter = await runCli(ASSUME, world.env({ VEGAS_CREDENTIALS_LOCK_TIMEOUT: "1" }));
    assertEquals(waiter.code, 1);
    assertMatch(
      waiter.stderr,
      /^vegas-credentials: Another vegas-credentials process has been getting credentials for profile "frank@concerts" for 1 s \(waiting for an MFA code\?\); answer its prompt, or stop it, and try again\n$/,
    );
    assertEquals((await holder).code, 0);
  } finally {
    await world.close();
  }
});

linuxTest(
  "a FIFO or a symlink in place of a cache entry is never read: discarded, and fetched anew",
  async () => {
    const world = await worldWithoutMfa();
    try {
      const first = await runCli(ASSUME, world.env());
      assertEquals(first.code, 0, first.stderr);
      const dir = `${world.home}/.cache/vegas-credentials`;
      // Every entry: the role's and the hit memo that repeats it.
      const entries = (await cacheFiles(world)).filter((name) => name.endsWith(".entry"));
      assertEquals(entries.length, 2);
      await Deno.writeTextFile(`${world.home}/elsewhere`, "x".repeat(100));
      for (const plant of ["fifo", "symlink"]) {
        for (const entry of entries) {
          await Deno.remove(`${dir}/${entry}`);
          if (plant === "fifo") {
            await new Deno.Command("mkfifo", { args: [`${dir}/${entry}`] }).output();
          } else {
            await Deno.symlink(`${world.home}/elsewhere`, `${dir}/${entry}`);
          }
        }
        const started = Date.now();
        const again = await runCli(ASSUME, world.env());
        assertEquals(again.code, 0, again.stderr);
        assertOk(Date.now() - started < 10_000, `${plant}: no hang`);
        for (const entry of entries) {
          const info = await Deno.lstat(`${dir}/${entry}`);
          assertOk(info.isFile && !info.isSymlink, `${plant}: replaced by a real entry`);
        }
      }
      assertEquals(assumeRoleCalls(world), 3);
      assertEquals(await Deno.readTextFile(`${world.home}/elsewhere`), "x".repeat(100));
    } finally {
      await world.close();
    }
  },
);

linuxTest(
  "a cache directory others can write is not used: one warning, fresh credentials",
  async () => {
    const world = await worldWithoutMfa();
    try {
      // A run fills the cache; then the directory is opened to everyone, as an attacker who
      // pre-created it would leave it: entries in it could be planted by anyone.
      const first = await runCli(ASSUME, world.env());
      assertEquals(first.code, 0, first.stderr);
      const dir = `${world.home}/.cache/vegas-credentials`;
      await Deno.chmod(dir, 0o777);
      const second = await runCli(ASSUME, world.env());
      assertEquals(second.code, 0, second.stderr);
      assertOk(JSON.parse(second.stdout).AccessKeyId !== JSON.parse(first.stdout).AccessKeyId);
      assertMatch(
        second.stderr,
        /^vegas-credentials: Cannot use the credentials cache in ~\/\.cache\/vegas-credentials \(others may write to it \(mode 777\); remove it, or set XDG_CACHE_HOME to a directory of your own\)/m,
      );
      assertEquals(second.stderr.trimEnd().split("\n").length, 1, second.stderr);
      assertEquals(assumeRoleCalls(world), 2, "the planted directory's entry was not served");
    } finally {
      await world.close();
    }
  },
);

/** Runs `assume` for frank@concerts; returns its JSON. */
async function assumeJson(world: World, extra: Record<string, string> = {}) {
  const result = await runCli(ASSUME, world.env(extra));
  assertEquals(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as { AccessKeyId: string };
}

linuxTest(
  "a hit after the config changed never serves the old role; an unrelated edit still hits",
  async () => {
    const world = await createWorld({
      roles: ["SingerRole", "DrummerRole"].map((name) => ({
        arn: `arn:aws:iam::222222222222:role/${name}`,
        trusted: [FRANK.arn],
        requireMfa: false,
      })),
    });
    const config = standardConfig(world).replace(/^mfa_serial = .*$/m, "");
    try {
      await world.writeConfig(config);
      const first = await assumeJson(world);
      assertEquals((await assumeJson(world)).AccessKeyId, first.AccessKeyId);
      // A comment elsewhere: the memo misses, the role's own entry still serves it.
      await world.writeConfig(config + "\n# a note\n");
      assertEquals((await assumeJson(world)).AccessKeyId, first.AccessKeyId);
      assertEquals(assumeRoleCalls(world), 1);
      // Another role for the same profile: new credentials, never the memo's.
      await world.writeConfig(config.replace("SingerRole", "DrummerRole"));
      const drummer = await assumeJson(world);
      assertOk(drummer.AccessKeyId !== first.AccessKeyId);
      assertEquals(assumeRoleCalls(world), 2);
      // A variable the profile reads: likewise.
      const renamed = await assumeJson(world, { AWS_ROLE_SESSION_NAME: "renamed" });
      assertOk(renamed.AccessKeyId !== drummer.AccessKeyId);
      // Back to the first environment: served from the cache again, no STS call.
      assertEquals((await assumeJson(world)).AccessKeyId, drummer.AccessKeyId);
      assertEquals(assumeRoleCalls(world), 3);
      // cache list shows each role session's credentials once.
      const list = await runCli(["cache", "list"], world.env());
      assertEquals(list.stdout.split("\n").filter((l) => l.startsWith("frank@concerts")).length, 3);
    } finally {
      await world.close();
    }
  },
);

linuxTest(
  "a caller for a sibling role times out on the MFA session's lock, without a prompt of its own",
  async () => {
    const actor = "arn:aws:iam::222222222222:role/ActorRole";
    const world = await createWorld({
      roles: [
        { arn: SINGER_ROLE, trusted: [FRANK.arn], requireMfa: true },
        { arn: actor, trusted: [FRANK.arn], requireMfa: true },
      ],
    });
    try {
      const marker = `${world.home}/mfa-runs`;
      await world.writeConfig(
        standardConfig(
          world,
          `[profile frank@movies]\nvegas_role_arn = ${actor}\nvegas_source_profile = default\n`,
        ).replace(/^mfa_process = (.*)$/m, `mfa_process = echo run >> ${marker}; sleep 4; $1`),
      );
      const holder = runCli(ASSUME, world.env());
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const waiter = await runCli(
        ["assume", "--profile=frank@movies"],
        world.env({ VEGAS_CREDENTIALS_LOCK_TIMEOUT: "1" }),
      );
      assertEquals(waiter.code, 1);
      assertMatch(
        waiter.stderr,
        /^vegas-credentials: Another vegas-credentials process has been getting the MFA session of profile "default" for 1 s \(waiting for an MFA code\?\); answer its prompt, or stop it, and try again\n$/,
      );
      assertEquals((await holder).code, 0);
      assertEquals((await Deno.readTextFile(marker)).trim().split("\n").length, 1);
    } finally {
      await world.close();
    }
  },
);

linuxTest("a symlink planted as a lock file is never followed", async () => {
  const world = await worldWithoutMfa();
  try {
    assertEquals((await runCli(ASSUME, world.env())).code, 0);
    const dir = `${world.home}/.cache/vegas-credentials`;
    const victim = `${world.home}/victim`;
    for (const name of await cacheFiles(world)) {
      if (name.endsWith(".entry")) await Deno.remove(`${dir}/${name}`);
      if (name.endsWith(".lock")) {
        await Deno.remove(`${dir}/${name}`);
        await Deno.symlink(victim, `${dir}/${name}`);
      }
    }
    const again = await runCli(ASSUME, world.env());
    assertEquals(again.code, 0, again.stderr);
    assertOk(
      !(await Deno.lstat(victim).catch(() => undefined)),
      "the symlink's target was created",
    );
    for (const name of await cacheFiles(world)) {
      const info = await Deno.lstat(`${dir}/${name}`);
      assertOk(info.isFile && !info.isSymlink, `${name} is a real file`);
    }
  } finally {
    await world.close();
  }
});

linuxTest(
  "a failed refresh in the advisory window serves the cached credentials, warns, retries next time",
  async () => {
    const world = await createWorld();
    try {
      // Role credentials that come with 12 minutes left: inside botocore's advisory window, and
      // refreshable without a code since the MFA session is cached.
      world.sts.roleLifetimeMs = 12 * 60_000;
      const first = await runCli(["assume", "--profile=frank@concerts"], world.env());
      assertEquals(first.code, 0, first.stderr);
      const cached = JSON.parse(first.stdout);
      world.sts.inject({
        action: "AssumeRole",
        code: "Throttling",
        message: "Rate exceeded",
        times: 8,
      });
      for (const command of [["assume"], ["export", "--format=json"]]) {
        const result = await runCli([...command, "--profile=frank@concerts"], world.env());
        assertEquals(result.code, 0, result.stderr);
        assertEquals(JSON.parse(result.stdout).AccessKeyId, cached.AccessKeyId);
        assertMatch(
          result.stderr,
          /^vegas-credentials: Cannot refresh the credentials of profile "frank@concerts" \(AWS STS is throttling requests for profile "frank@concerts" .*\); serving the cached ones, valid for 1[01]m more; the next call tries again\n$/,
        );
      }
      // Both runs used up the throttling (four attempts each): the next call refreshes.
      const later = await runCli(["assume", "--profile=frank@concerts"], world.env());
      assertEquals(later.code, 0, later.stderr);
      assertEquals(later.stderr, "");
      assertOk(JSON.parse(later.stdout).AccessKeyId !== cached.AccessKeyId);
    } finally {
      await world.close();
    }
  },
);
