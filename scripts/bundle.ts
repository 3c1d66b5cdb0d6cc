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

import { SOURCES_RECORD, type SourcesRecord } from "../src/cli/bundle_sources.ts";
import { sha256Hex } from "../src/text/sha256_hex.ts";
import { localPath } from "../src/cli/hand_off.ts";
import { eagerFunctions } from "./eager_functions.ts";
import { BUNDLE_PATH } from "./run_flags.ts";

const repo = localPath(new URL("..", import.meta.url)).replace(/[\\/]$/, "");
/** The installed command's entry, relative to the checkout. */
const ENTRY = "src/cli/installed_main.ts";

/** The scripts that shape the installed command beyond the bundle's sources. */
const BUILD_SCRIPTS = [
  "scripts/bundle.ts",
  "scripts/eager_functions.ts",
  "scripts/install.ts",
  "scripts/launcher.ts",
];

/**
 * Writes the record of what the bundle was built from (src/cli/bundle_sources.ts): each local
 * module of its graph, and the scripts that build it and the launcher, with their SHA-256.
 */
async function recordSources(): Promise<void> {
  const info = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "--frozen", "--config", `${repo}/deno.json`, `${repo}/${ENTRY}`],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!info.success) throw new Error(`deno info failed with exit code ${info.code}`);
  const modules = JSON.parse(new TextDecoder().decode(info.stdout)).modules as {
    specifier: string;
  }[];
  const local = modules.filter((m) => m.specifier.startsWith("file:"))
    .map((m) => localPath(new URL(m.specifier)))
    .filter((path) => path.startsWith(`${repo}/`) || path.startsWith(`${repo}\\`))
    .map((path) => path.slice(repo.length + 1).replaceAll("\\", "/"));
  const paths = [...local, ...BUILD_SCRIPTS].sort();
  const sources: SourcesRecord["sources"] = {};
  for (const path of paths) {
    sources[path] = await sha256Hex(await Deno.readTextFile(`${repo}/${path}`));
  }
  await Deno.writeTextFile(
    `${repo}/${SOURCES_RECORD}`,
    JSON.stringify({ sources }, null, 2) + "\n",
  );
}

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
      `${repo}/${ENTRY}`,
    ],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!result.success) throw new Error(`deno bundle failed with exit code ${result.code}`);
  const text = eagerFunctions(await Deno.readTextFile(output));
  await Deno.writeTextFile(output, text);
  await recordSources();
  if (/^\s*import\s[^(]*["'](npm|node|jsr):/m.test(text)) {
    throw new Error(
      `${BUNDLE_PATH} imports an npm, node or jsr module statically: the startup path must not`,
    );
  }
  return output;
}

if (import.meta.main) console.log(await bundleStartupPath());
