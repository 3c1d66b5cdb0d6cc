/**
 * `deno task install`: installs the `vegas-credentials` command from this checkout with
 * `deno install --global` and the project's run flags (scripts/run_flags.ts). Honours
 * `DENO_INSTALL_ROOT` (default `~/.deno`).
 *
 * The command runs the startup path bundled into one file (scripts/bundle.ts), for speed.
 *
 * Two things `deno install --global` does not do on its own, done here:
 * - it copies deno.json beside the command but not deno.lock, so the frozen lockfile (npm
 *   integrity hashes) is copied there too;
 * - the command it writes runs `deno` from PATH; it is pinned to the Deno that ran this task, so
 *   the command also works where Deno came from npm (`npx deno@…`) and is not on PATH.
 *
 * @module
 */

import { bundleStartupPath } from "./bundle.ts";
import { COMMAND_NAME, RUN_FLAGS } from "./run_flags.ts";

const root = new URL("..", import.meta.url);
const repo = decodeURIComponent(root.pathname).replace(/^\/([A-Za-z]:)/, "$1").replace(/\/$/, "");
const windows = Deno.build.os === "windows";

async function main(): Promise<number> {
  const entry = await bundleStartupPath();
  const args = [
    "install",
    "--global",
    "--force",
    "--name",
    COMMAND_NAME,
    ...RUN_FLAGS,
    "--frozen",
    `--lock=${repo}/deno.lock`,
    "--config",
    `${repo}/deno.json`,
    entry,
  ];
  const result = await new Deno.Command(Deno.execPath(), {
    args,
    stdout: "inherit",
    stderr: "inherit",
  })
    .output();
  if (!result.success) {
    console.error(`deno install failed with exit code ${result.code}`);
    return result.code || 1;
  }
  const home = Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE") ?? ".";
  const installRoot = Deno.env.get("DENO_INSTALL_ROOT") ?? `${home}/.deno`;
  const bin = `${installRoot}/bin`;
  await Deno.copyFile(`${repo}/deno.lock`, `${bin}/.${COMMAND_NAME}/deno.lock`);
  const shim = `${bin}/${COMMAND_NAME}${windows ? ".cmd" : ""}`;
  if (!windows) {
    const text = await Deno.readTextFile(shim);
    const pinned = text.replace(
      /^exec deno /m,
      `exec '${Deno.execPath().replaceAll("'", "'\\''")}' `,
    );
    if (pinned === text) {
      console.error(`warning: ${shim} does not have the expected form; it runs deno from PATH`);
    }
    await Deno.writeTextFile(shim, pinned);
  }
  console.log(`Installed ${shim}`);
  const path = (Deno.env.get("PATH") ?? "").split(windows ? ";" : ":");
  if (!path.includes(bin)) console.log(`Add ${bin} to your PATH to run ${COMMAND_NAME} by name.`);
  return 0;
}

Deno.exit(await main());
