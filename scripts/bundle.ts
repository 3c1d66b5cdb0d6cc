/**
 * Bundles the installed command's startup path (src/cli/installed_main.ts: the cache hit and the
 * hand-off to the full program) into one JavaScript file, `main.bundle.js` in a directory of the
 * install root (`deno task install`; the tests and `deno task bench` install into temporary
 * roots), never into the checkout, which the user's installed command keeps reading. The full
 * program, started in a process of its own (src/cli/program_main.ts), loads from source in the
 * checkout, whose URL is written into the bundle (src/cli/checkout.ts).
 *
 *   deno task bundle DIR     writes DIR/main.bundle.js and DIR/main.bundle.sources.json
 *
 * One file instead of ~20 saves ~3 ms of module loading on every run (measured with hyperfine),
 * a fifth of a bare `deno run`. Its functions are then made to compile with the file
 * (scripts/eager_functions.ts), so that Deno's code cache holds them. The bundle is generated,
 * not committed.
 *
 * @module
 */

import type { SourcesRecord } from "../src/cli/bundle_sources.ts";
import { sha256Hex } from "../src/text/sha256_hex.ts";
import { localPath, RECORD_NAME } from "../src/cli/hand_off.ts";
import { eagerFunctions } from "./eager_functions.ts";
import { BUNDLE_NAME } from "./run_flags.ts";

const repo = localPath(new URL("..", import.meta.url)).replace(/[\\/]$/, "");
/** The installed command's entry, relative to the checkout. */
const ENTRY = "src/cli/installed_main.ts";
/** What src/cli/checkout.ts computes in source, and the bundle gets as a constant instead. */
const CHECKOUT_EXPRESSION = 'new URL("../../", import.meta.url).href';

/**
 * `text` (the bundle) with the checkout's URL in place of {@link CHECKOUT_EXPRESSION}, which
 * must occur exactly once: anything else means the bundler changed its output, and the installed
 * command would look for the checkout beside itself.
 */
export function withCheckoutUrl(text: string, checkoutUrl: string): string {
  const parts = text.split(CHECKOUT_EXPRESSION);
  if (parts.length !== 2) {
    throw new Error(
      `the bundle holds ${CHECKOUT_EXPRESSION} ${parts.length - 1} times, not once ` +
        `(src/cli/checkout.ts)`,
    );
  }
  return parts.join(JSON.stringify(checkoutUrl));
}

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
async function recordSources(recordPath: string): Promise<void> {
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
  await Deno.writeTextFile(recordPath, JSON.stringify({ sources }, null, 2) + "\n");
}

/** Writes the bundle and its record into `dir` (created if missing); returns the bundle's path. */
export async function bundleStartupPath(dir: string): Promise<string> {
  await Deno.mkdir(dir, { recursive: true });
  const output = `${dir}/${BUNDLE_NAME}`;
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
  const checkout = new URL("..", import.meta.url).href;
  const text = withCheckoutUrl(eagerFunctions(await Deno.readTextFile(output)), checkout);
  await Deno.writeTextFile(output, text);
  await recordSources(`${dir}/${RECORD_NAME}`);
  if (/^\s*import\s[^(]*["'](npm|node|jsr):/m.test(text)) {
    throw new Error(
      `${BUNDLE_NAME} imports an npm, node or jsr module statically: the startup path must not`,
    );
  }
  return output;
}

if (import.meta.main) {
  const [dir] = Deno.args;
  if (!dir) {
    console.error("usage: deno task bundle DIR (install and bench bundle into their own roots)");
    Deno.exit(2);
  }
  console.log(await bundleStartupPath(dir.replace(/[\\/]$/, "")));
}
