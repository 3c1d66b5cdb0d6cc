/**
 * `deno task install`: installs the `vegas-credentials` command from this checkout into
 * `$DENO_INSTALL_ROOT/bin` (default `~/.deno/bin`), where `deno install --global` puts commands.
 *
 * The command runs the startup path bundled into one file (scripts/bundle.ts), for speed, with
 * the hit's flags (no config file, so no lockfile read at start: src/cli/launch_flags.ts), and
 * on anything but a cache hit the full program bundled beside it, in the same process. The npm
 * packages of both are fetched and checked against this checkout's frozen deno.lock here, and
 * bundled, so that no run needs the network, the config or the lockfile.
 *
 * The command is a small launcher (scripts/launcher.ts) written here rather than by
 * `deno install --global`, which would add the config file it finds (and so the lockfile) to
 * every start. It runs the Deno that ran this task, so it also works where Deno came from npm
 * (`npx deno@…`) and is not on PATH.
 *
 * @module
 */

import { bundleStartupPath } from "./bundle.ts";
import { launcherShell, launcherText } from "./launcher.ts";
import { bundleDir, COMMAND_NAME, HIT_FLAGS, LAZY_MODULES } from "./run_flags.ts";

const root = new URL("..", import.meta.url);
const repo = decodeURIComponent(root.pathname).replace(/^\/([A-Za-z]:)/, "$1").replace(/\/$/, "");
const windows = Deno.build.os === "windows";

/** Runs Deno with `args`; false (having said why) when it fails. */
async function deno(what: string, args: string[]): Promise<boolean> {
  const result = await new Deno.Command(Deno.execPath(), {
    args,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!result.success) console.error(`${what} failed with exit code ${result.code}`);
  return result.success;
}

/** What `command ARGS --version` prints, or why it printed no version (within a minute). */
async function versionOf(
  command: string,
  args: string[],
): Promise<{ version?: string; problem?: string }> {
  try {
    const output = await new Deno.Command(command, {
      args: [...args, "--version"],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(60_000),
    }).output();
    const version = new TextDecoder().decode(output.stdout).trim();
    if (output.success && version.startsWith(`${COMMAND_NAME} `)) return { version };
    return { problem: `exit code ${output.code}: ${new TextDecoder().decode(output.stderr)}` };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

async function main(): Promise<number> {
  // Fetched and checked against deno.lock, for the bundles and the keyring addon beside them.
  const cached = await deno("caching the full program's modules", [
    "cache",
    "--quiet",
    "--frozen",
    `--config=${repo}/deno.json`,
    `${repo}/src/cli/installed_program.ts`,
    ...LAZY_MODULES.map((module) => `${repo}/${module}`),
  ]);
  if (!cached) return 1;
  const home = Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE") ?? ".";
  const installRoot = Deno.env.get("DENO_INSTALL_ROOT") ?? `${home}/.deno`;
  // Beside the command, not in the checkout: an install into another root (the tests, the
  // bench) leaves the user's installed command as it was.
  const entry = await bundleStartupPath(bundleDir(installRoot));
  const bin = `${installRoot}/bin`;
  const shim = `${bin}/${COMMAND_NAME}${windows ? ".cmd" : ""}`;
  const text = launcherText(
    Deno.build.os,
    [Deno.execPath(), "run", ...HIT_FLAGS, entry],
    windows ? undefined : launcherShell(),
    [Deno.execPath(), entry],
  );
  await Deno.mkdir(bin, { recursive: true });
  const temp = `${shim}.${Deno.pid}.tmp`;
  // A new file (never one found in its place, nor through a symlink), then renamed over the old.
  await Deno.writeTextFile(temp, text, { mode: 0o755, createNew: true });
  if (!windows) await Deno.chmod(temp, 0o755);
  await Deno.rename(temp, shim);
  // What `deno install --global` left beside earlier installs: a copy of the config and lock.
  // Only those two files and the then empty directory go.
  const leftover = `${bin}/.${COMMAND_NAME}`;
  const found = await Deno.lstat(leftover).catch(() => undefined);
  if (found?.isDirectory) {
    for (const path of [`${leftover}/deno.json`, `${leftover}/deno.lock`, leftover]) {
      await Deno.remove(path).catch(() => {});
    }
  }
  // One run, as a user would: it shows that the command starts, and leaves Deno's code cache
  // filled for the bundle and the full program, so that the first AWS command does not pay it.
  const started = await versionOf(
    windows ? Deno.execPath() : shim,
    windows ? ["run", ...HIT_FLAGS, entry] : [],
  );
  if (!started.version) {
    console.error(`${shim} was written, but does not start: ${started.problem}`);
    return 1;
  }
  const version = started.version;
  console.log(`Installed ${shim} (${version})`);
  const path = (Deno.env.get("PATH") ?? "").split(windows ? ";" : ":");
  if (!path.includes(bin)) console.log(`Add ${bin} to your PATH to run ${COMMAND_NAME} by name.`);
  return 0;
}

Deno.exit(await main());
