/**
 * `list` served from the list memo (src/cache/list_memo.ts), as a user runs it: a second plain
 * `list` prints what the full program prints (`--verbose` always runs the full program) without
 * it, and every change a row shows (an entry cached, removed or rewritten, the config, the
 * environment) makes the next `list` run in full again. A full run writes the memo anew (a new
 * file renamed into place) and a served one writes nothing, which is how the test tells the two
 * apart.
 */

import { assertEquals, assertMatch, assertOk } from "../support/assert.ts";
import { runCli } from "../support/installed_cli.ts";
import { linuxTest } from "../support/platform.ts";
import { createWorld, SINGER_ROLE, standardConfig, type World } from "../support/world.ts";

const ENCORE = `
[profile encore]
vegas_role_arn = ${SINGER_ROLE}
vegas_source_profile = default
duration_seconds = 1800
`;

/** Each file of the cache directory with its inode and modification time. */
function cacheFiles(world: World): string {
  const dir = `${world.home}/.cache/vegas-credentials`;
  let names: string[];
  try {
    names = [...Deno.readDirSync(dir)].map((entry) => entry.name).sort();
  } catch {
    return "no cache";
  }
  return names.map((name) => {
    const info = Deno.lstatSync(`${dir}/${name}`);
    return `${name} ${info.ino} ${info.mtime?.getTime()}`;
  }).join("\n");
}

/** Runs plain `list`; returns its output and whether the full program ran (it wrote the memo). */
async function list(world: World, env = world.env()): Promise<{ stdout: string; full: boolean }> {
  const before = cacheFiles(world);
  const run = await runCli(["list"], env);
  assertEquals(run.code, 0, run.stderr);
  assertEquals(run.stderr, "");
  return { stdout: run.stdout, full: cacheFiles(world) !== before };
}

/** What the full program prints for `list` now. */
async function fullList(world: World, env = world.env()): Promise<string> {
  const run = await runCli(["list", "--verbose"], env);
  assertEquals(run.code, 0, run.stderr);
  return run.stdout;
}

linuxTest(
  "a second list is served from the memo, and prints what the full program prints",
  async () => {
    const world = await createWorld();
    try {
      await world.writeConfig(standardConfig(world, ENCORE));
      // No cache yet: list creates none, so there is no memo either.
      await list(world);
      assertEquals(cacheFiles(world), "no cache");
      assertEquals(
        await Deno.stat(`${world.home}/.cache/vegas-credentials`).catch(() => null),
        null,
      );
      assertEquals((await runCli(["assume", "--profile=frank@concerts"], world.env())).code, 0);
      const first = await list(world);
      assertEquals(first.full, true);
      const second = await list(world);
      assertEquals(second.full, false, "the second list was served from the memo");
      assertEquals(second.stdout, first.stdout);
      assertEquals(second.stdout, await fullList(world));
      assertMatch(
        second.stdout,
        /^frank@concerts .* credentials (59|60)m, MFA session (7h 59m|8h)$/m,
      );
      assertMatch(second.stdout, /^encore .* no credentials cached, MFA session (7h 59m|8h)$/m);
      // The memo is not one of the entries `cache list` shows: the role's and the session's.
      const cached = await runCli(["cache", "list"], world.env());
      assertEquals(cached.code, 0, cached.stderr);
      const shownEntries = cached.stdout.trimEnd().split("\n").slice(1);
      assertEquals(shownEntries.length, 2, cached.stdout);
      assertMatch(shownEntries.join("\n"), /^default \(MFA session\) .*\nfrank@concerts /);
    } finally {
      await world.close();
    }
  },
);

linuxTest("every change a row shows makes the next list run in full", async () => {
  const world = await createWorld();
  try {
    await world.writeConfig(standardConfig(world, ENCORE));
    assertEquals((await runCli(["assume", "--profile=frank@concerts"], world.env())).code, 0);
    await list(world);
    assertEquals((await list(world)).full, false);

    // A new entry for a row (encore's credentials): shown at once.
    assertEquals((await runCli(["assume", "--profile=encore"], world.env())).code, 0);
    const cachedEncore = await list(world);
    assertEquals(cachedEncore.full, true);
    assertMatch(cachedEncore.stdout, /^encore .* credentials (29|30)m, MFA session/m);
    assertEquals((await list(world)).full, false);

    // An entry rewritten in place (same name, another stamp): the memo is not trusted.
    const entries = [...Deno.readDirSync(`${world.home}/.cache/vegas-credentials`)]
      .filter((entry) => entry.name.endsWith(".entry"));
    for (const entry of entries) {
      const path = `${world.home}/.cache/vegas-credentials/${entry.name}`;
      const stat = Deno.statSync(path);
      Deno.utimeSync(path, stat.atime!, new Date(stat.mtime!.getTime() + 1000));
    }
    assertEquals((await list(world)).full, true);

    // The config, and the environment.
    await world.writeConfig(standardConfig(world, ENCORE.replaceAll("encore", "encore2")));
    const edited = await list(world);
    assertEquals(edited.full, true);
    assertMatch(edited.stdout, /^encore2 /m);
    assertEquals((await list(world)).full, false);
    const otherEnv = await list(world, world.env({ AWS_REGION: "eu-central-1" }));
    assertEquals(otherEnv.full, true);

    // Entries removed: nothing cached is shown, memo or not.
    assertEquals((await runCli(["cache", "clean"], world.env())).code, 0);
    const cleaned = await list(world);
    assertMatch(cleaned.stdout, /^encore2 .* no credentials cached, no MFA session$/m);
    assertMatch(cleaned.stdout, /^frank@concerts .* no credentials cached, no MFA session$/m);
    assertEquals(cleaned.stdout, await fullList(world));
  } finally {
    await world.close();
  }
});

linuxTest("list --hide-arns leaves no memo that a plain list would show", async () => {
  const world = await createWorld();
  try {
    assertEquals((await runCli(["assume", "--profile=frank@concerts"], world.env())).code, 0);
    const hidden = await runCli(["list", "--hide-arns"], world.env());
    assertEquals(hidden.code, 0, hidden.stderr);
    assertOk(!hidden.stdout.includes("222222222222"), hidden.stdout);
    const plain = await list(world);
    assertEquals(plain.full, true);
    assertOk(plain.stdout.includes("arn:aws:iam::222222222222:role/SingerRole"), plain.stdout);
    const again = await list(world);
    assertEquals(again.full, false);
    assertEquals(again.stdout, plain.stdout);
  } finally {
    await world.close();
  }
});
