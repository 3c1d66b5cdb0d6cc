/**
 * The installed command starts lock-free and hands anything but a cache hit to the full program
 * in a child process under the project's frozen lockfile (src/cli/hand_off.ts): that child must
 * end with it, whatever ends it, and neither may read a config file from where it is run. It
 * says when the checkout has changed since the install.
 */

import { assertEquals, assertMatch, assertOk } from "../support/assert.ts";
import {
  installedBundle,
  installedCli,
  processAlive,
  REPO_ROOT,
  runCli,
  spawnCli,
  waitForPidFile,
} from "../support/installed_cli.ts";
import { createWorld, waitingMfaConfig } from "../support/world.ts";
import { linuxTest } from "../support/platform.ts";

const ASSUME = ["assume", "--profile", "frank@concerts"];

/** The parent process id of `pid`, from /proc. */
function parentOf(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

/** The command line of `pid`, from /proc. */
function commandLine(pid: number): string[] {
  return Deno.readTextFileSync(`/proc/${pid}/cmdline`).split("\0").filter((arg) => arg !== "");
}

linuxTest(
  "killed outright while it waits for an MFA code, the command takes its whole tree with it",
  async () => {
    const world = await createWorld();
    try {
      const pidFile = `${world.home}/mfa.pid`;
      await world.writeConfig(waitingMfaConfig(world, pidFile));
      const command = await spawnCli(ASSUME, world.env());
      const mfaPid = await waitForPidFile(pidFile);
      // The full program that started the mfa_process runs under the frozen lockfile, and is
      // the child of the command we started (the launcher exec's Deno).
      const program = parentOf(mfaPid);
      const args = commandLine(program);
      assertOk(args.includes("--frozen"), args.join(" "));
      assertOk(args.includes(`--config=${REPO_ROOT}/deno.json`), args.join(" "));
      assertEquals(parentOf(program), command.pid);
      assertOk(commandLine(command.pid).includes("--no-config"));

      command.kill("SIGKILL"); // as the Go SDK does when credential_process outlives its timeout
      await command.status; // not its output: an orphan would hold the pipes open
      await Promise.all([command.stdout.cancel(), command.stderr.cancel()]);
      const deadline = Date.now() + 3_000;
      while ((processAlive(program) || processAlive(mfaPid)) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assertOk(!processAlive(program), "the full program ended with the command");
      assertOk(!processAlive(mfaPid), "and so did the mfa_process it started");
    } finally {
      await world.close();
    }
  },
);

linuxTest(
  "a broken deno.json, deno.lock or package.json where the command runs changes nothing",
  async () => {
    const world = await createWorld();
    const project = await Deno.makeTempDir({ prefix: "vegas-project-" });
    try {
      for (const name of ["deno.json", "deno.lock", "package.json"]) {
        await Deno.writeTextFile(`${project}/${name}`, "{ this is not json");
      }
      const run = async () => {
        const output = await new Deno.Command(await installedCli(), {
          args: ASSUME,
          env: world.env(),
          clearEnv: true,
          cwd: project,
          stdin: "null",
          stdout: "piped",
          stderr: "piped",
        }).output();
        return {
          code: output.code,
          stdout: new TextDecoder().decode(output.stdout),
          stderr: new TextDecoder().decode(output.stderr),
        };
      };
      const first = await run(); // a miss: the full program, STS
      assertEquals(first.code, 0, first.stderr);
      assertMatch(first.stdout, /"AccessKeyId":"ASIA/);
      const second = await run(); // a hit
      assertEquals(second.code, 0, second.stderr);
      assertEquals(second.stdout, first.stdout);
      assertEquals(first.stderr + second.stderr, "");
    } finally {
      await Deno.remove(project, { recursive: true });
      await world.close();
    }
  },
);

linuxTest(
  "a checkout changed since the install is said on the next run the full program makes",
  async () => {
    const world = await createWorld();
    // The record beside the installed bundle, in the test install's own root.
    const { record } = await installedBundle();
    const saved = await Deno.readTextFile(record);
    try {
      const fresh = await runCli(["version"], world.env());
      assertEquals([fresh.code, fresh.stderr], [0, ""]);
      // As if src/cli/cache_hit.ts had been edited (or pulled) after the install.
      const sources = JSON.parse(saved).sources;
      sources["src/cli/cache_hit.ts"] = "0".repeat(64);
      await Deno.writeTextFile(record, JSON.stringify({ sources }));
      const stale = await runCli(["version"], world.env());
      assertEquals(stale.code, 0);
      assertMatch(stale.stdout, /^vegas-credentials \d/);
      assertEquals(
        stale.stderr,
        "vegas-credentials: The installed vegas-credentials command is older than this checkout " +
          "(src/cli/cache_hit.ts changed since), so cache hits still run the old code; run deno " +
          `task install in ${REPO_ROOT}\n`,
      );
      await Deno.remove(record);
      const unrecorded = await runCli(["version"], world.env());
      assertMatch(unrecorded.stderr, /command comes from an older version of this checkout/);
    } finally {
      await Deno.writeTextFile(record, saved);
      await world.close();
    }
  },
);
