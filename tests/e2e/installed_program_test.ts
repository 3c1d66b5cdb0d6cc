/**
 * The installed command starts lock-free and, when the cache hit cannot answer, loads the full
 * program bundled beside it, in the same process (src/cli/installed_program.ts): what it starts
 * must end with it, whatever ends it; it reads no config file or lockfile from where it is run;
 * a command that needs no AWS SDK loads none of it; and it says when the checkout has changed
 * since the install.
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
  "killed outright while it waits for an MFA code, the command takes the mfa_process with it",
  async () => {
    const world = await createWorld();
    try {
      const pidFile = `${world.home}/mfa.pid`;
      await world.writeConfig(waitingMfaConfig(world, pidFile));
      const command = await spawnCli(ASSUME, world.env());
      const mfaPid = await waitForPidFile(pidFile);
      // One process, started lock-free: the mfa_process is the command's own child.
      assertEquals(parentOf(mfaPid), command.pid);
      const args = commandLine(command.pid);
      assertOk(args.includes("--no-config") && !args.includes("--frozen"), args.join(" "));

      command.kill("SIGKILL"); // as the Go SDK does when credential_process outlives its timeout
      await command.status; // not its output: an orphan would hold the pipes open
      await Promise.all([command.stdout.cancel(), command.stderr.cancel()]);
      const deadline = Date.now() + 3_000;
      while (processAlive(mfaPid) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assertOk(!processAlive(mfaPid), "the mfa_process ended with the command");
    } finally {
      await world.close();
    }
  },
);

linuxTest(
  "exec killed outright ends its child with SIGTERM; a child that ends first stops the watch",
  async () => {
    const world = await createWorld();
    try {
      const pidFile = `${world.home}/child.pid`;
      const command = await spawnCli(
        ["exec", "--profile", "frank@concerts", "--", "sh", "-c", `echo $$ > ${pidFile}; sleep 60`],
        world.env(),
      );
      const childPid = await waitForPidFile(pidFile);
      command.kill("SIGKILL");
      await command.status;
      await Promise.all([command.stdout.cancel(), command.stderr.cancel()]);
      const deadline = Date.now() + 3_000;
      while (processAlive(childPid) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assertOk(!processAlive(childPid), "the child ended with exec");
      // A run whose child ends leaves no watchdog behind.
      const quick = await runCli(
        ["exec", "--profile", "frank@concerts", "--", "true"],
        world.env(),
      );
      assertEquals(quick.code, 0, quick.stderr);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const watchdogs = [...Deno.readDirSync("/proc")].filter((entry) => /^\d+$/.test(entry.name))
        .filter((entry) => {
          try {
            return commandLine(Number(entry.name)).includes("vegas-credentials-watchdog");
          } catch {
            return false;
          }
        });
      assertEquals(watchdogs.length, 0);
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
      const fresh = await runCli(["version", "--full"], world.env());
      assertEquals([fresh.code, fresh.stderr], [0, ""]);
      // As if src/cli/cache_hit.ts had been edited (or pulled) after the install.
      const sources = JSON.parse(saved).sources;
      sources["src/cli/cache_hit.ts"] = "0".repeat(64);
      await Deno.writeTextFile(record, JSON.stringify({ sources }));
      const stale = await runCli(["version", "--full"], world.env());
      assertEquals(stale.code, 0);
      assertMatch(stale.stdout, /^vegas-credentials \d/);
      assertEquals(
        stale.stderr,
        "vegas-credentials: The installed vegas-credentials command is older than this checkout " +
          "(src/cli/cache_hit.ts changed since), so it still runs the old code; run deno task " +
          `install in ${REPO_ROOT}\n`,
      );
      await Deno.remove(record);
      const unrecorded = await runCli(["version", "--full"], world.env());
      assertMatch(unrecorded.stderr, /command comes from an older version of this checkout/);
    } finally {
      await Deno.writeTextFile(record, saved);
      await world.close();
    }
  },
);

/** The chunks `start` imports statically, itself included, in the program bundle's directory. */
function staticChunks(dir: string, start: string): Set<string> {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const text = Deno.readTextFileSync(`${dir}/${name}`);
    for (const match of text.matchAll(/^(?:import|export)\s[^;(]*?from\s*"\.\/([^"]+)"/gm)) {
      queue.push(match[1]);
    }
    for (const match of text.matchAll(/^import\s*"\.\/([^"]+)"/gm)) queue.push(match[1]);
  }
  return seen;
}

linuxTest(
  "the installed program loads no AWS SDK and no Node compatibility for a command without STS",
  async () => {
    const { bundle } = await installedBundle();
    const dir = `${bundle.slice(0, bundle.lastIndexOf("/"))}/program`;
    const names = [...Deno.readDirSync(dir)].map((entry) => entry.name);
    const sdk = (name: string) =>
      /registry\.npmjs\.org\/@(aws-sdk|smithy)\//.test(Deno.readTextFileSync(`${dir}/${name}`));
    // The graph is read right: the miss path's STS call does reach the SDK.
    const assumeRole = names.find((name) => name.startsWith("assume_role-"))!;
    assertOk([...staticChunks(dir, assumeRole)].some(sdk), "assume_role reaches the SDK");
    for (const command of ["export", "exec", "list", "version", "cache_list", "config_list"]) {
      const chunk = names.find((name) => name.startsWith(`${command}-`));
      assertOk(chunk, `a chunk of its own for ${command}: ${names.join(" ")}`);
      const loaded = new Set([
        ...staticChunks(dir, "installed_program.js"),
        ...staticChunks(dir, chunk),
      ]);
      assertEquals([...loaded].filter(sdk), [], command);
      assertOk(!loaded.has("node_require.js"), `${command} loads node:module`);
    }
  },
);
