/**
 * Bundles the installed command's startup path (src/cli/installed_main.ts: the cache hit and the
 * hand-off to the full program) into one JavaScript file, `src/cli/main.bundle.js`, which
 * `deno task install` installs and `deno task bench` measures. The full program, started in a
 * process of its own (src/cli/program_main.ts), loads from source.
 *
 * One file instead of ~20 saves ~3 ms of module loading on every run (measured with hyperfine),
 * a fifth of a bare `deno run`. Its functions are then made to compile with the file
 * (scripts/eager_functions.ts), so that Deno's code cache holds them. The bundle is generated,
 * not committed.
 *
 * @module
 */

import { eagerFunctions } from "./eager_functions.ts";
import { BUNDLE_PATH } from "./run_flags.ts";

const repo = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

/** Writes the bundle; returns its absolute path. */
export async function bundleStartupPath(): Promise<string> {
  const output = `${repo}/${BUNDLE_PATH}`;
  const result = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--frozen",
      "--config",
      `${repo}/deno.json`,
      "--output",
      output,
      `${repo}/src/cli/installed_main.ts`,
    ],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!result.success) throw new Error(`deno bundle failed with exit code ${result.code}`);
  const text = eagerFunctions(await Deno.readTextFile(output));
  await Deno.writeTextFile(output, text);
  if (/^\s*import\s[^(]*["'](npm|node|jsr):/m.test(text)) {
    throw new Error(
      `${BUNDLE_PATH} imports an npm, node or jsr module statically: the startup path must not`,
    );
  }
  return output;
}

if (import.meta.main) console.log(await bundleStartupPath());
