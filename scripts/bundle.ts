/**
 * Bundles what the installed command runs, into a directory of the install root (`deno task
 * install`; the tests and `deno task bench` install into temporary roots), never into the
 * checkout, which the user's installed command keeps reading (src/cli/install_layout.ts):
 *
 * - the startup path (src/cli/installed_main.ts: the cache hit), one file, `main.bundle.js`:
 *   one file instead of ~20 saves ~3 ms of module loading on every run (measured with
 *   hyperfine), a fifth of a bare `deno run`; its functions are then made to compile with the
 *   file (scripts/eager_functions.ts), so that Deno's code cache holds them;
 * - the full program (src/cli/installed_program.ts), which the startup path imports in the same
 *   process when it cannot answer: split into chunks (`program/`), so that a command loads its
 *   own modules and no other's, and the AWS SDK only on the miss path. Its npm packages are
 *   resolved against deno.lock and bundled now, so that no run reads a lockfile or a config;
 * - the native keyring addon, which no bundle can hold, copied from Deno's npm cache (where
 *   deno.lock's integrity was checked) into `node_modules/` beside the bundles;
 * - the record of the sources both were built from (src/cli/bundle_sources.ts).
 *
 *   deno task bundle DIR     writes all of it into DIR
 *
 * Generated, not committed.
 *
 * @module
 */

import { type SourcesRecord, sourceStamp } from "../src/cli/bundle_sources.ts";
import { sha256Hex } from "../src/text/sha256_hex.ts";
import { localPath, PROGRAM_ENTRY, RECORD_NAME } from "../src/cli/install_layout.ts";
import { eagerFunctions } from "./eager_functions.ts";
import { BUNDLE_NAME } from "./run_flags.ts";

const repo = localPath(new URL("..", import.meta.url)).replace(/[\\/]$/, "");
/** The installed command's entry, relative to the checkout. */
const ENTRY = "src/cli/installed_main.ts";
/** The full program's entry in the installed command, relative to the checkout. */
const PROGRAM_SOURCE = "src/cli/installed_program.ts";
/** The native keyring addon: loaded from `node_modules/` beside the bundles, not bundled. */
const KEYRING_PACKAGE = "@napi-rs/keyring";
/** What src/cli/checkout.ts computes in source, and the bundle gets as a constant instead. */
const CHECKOUT_EXPRESSION = 'new URL("../../", import.meta.url).href';

/**
 * `texts` (the chunks of a bundle) with `replacement` in place of `expression`, which must
 * occur exactly once in all of them: anything else means the bundler changed its output, and
 * the program would go wrong at run time instead of the build failing now.
 */
export function replacedOnce(
  texts: Map<string, string>,
  expression: string,
  replacement: string,
  what: string,
): void {
  const found = [...texts].filter(([, text]) => text.includes(expression));
  const count = found.reduce((sum, [, text]) => sum + text.split(expression).length - 1, 0);
  if (count !== 1) {
    throw new Error(`the bundle holds ${expression} ${count} times, not once (${what})`);
  }
  const [name, text] = found[0];
  texts.set(name, text.replace(expression, () => replacement));
}

/** `text` (a bundle) with the checkout's URL in place of what src/cli/checkout.ts computes. */
export function withCheckoutUrl(text: string, checkoutUrl: string): string {
  const texts = new Map([["bundle", text]]);
  replacedOnce(texts, CHECKOUT_EXPRESSION, JSON.stringify(checkoutUrl), "src/cli/checkout.ts");
  return texts.get("bundle")!;
}

/** What esbuild writes into its shared helper chunk so that CommonJS code can `require`. */
const NODE_REQUIRE_LINES =
  'import { createRequire as __deno_internal_createRequire } from "node:module";\n' +
  "var __require = __deno_internal_createRequire(import.meta.url);\n";
/** The chunk that takes `__require` over, alone in loading `node:module`. */
const NODE_REQUIRE_CHUNK = "node_require.js";

/**
 * Moves `require` out of the chunk every other chunk imports into one of its own, imported only
 * by the chunks that call it (the AWS SDK's CommonJS parts). Loading `node:module` starts Node
 * compatibility, ~20 ms, as long as an empty `deno run`: a warm `export` or `list` must not pay
 * it. tests/e2e/installed_program_test.ts holds the commands that need no SDK to that.
 */
export function isolateNodeRequire(chunks: Map<string, string>): void {
  const helpers = [...chunks].filter(([, text]) => text.includes(NODE_REQUIRE_LINES));
  if (helpers.length === 0) return; // nothing of the program calls require
  if (helpers.length !== 1) throw new Error(`${helpers.length} chunks create require, not one`);
  const [helper, text] = helpers[0];
  const exported = /export \{[^}]*\b__require,\s*/;
  if (!exported.test(text)) throw new Error(`${helper} does not export __require as expected`);
  chunks.set(
    helper,
    text.replace(NODE_REQUIRE_LINES, "").replace(exported, (m) => m.replace(/__require,\s*/, "")),
  );
  chunks.set(
    NODE_REQUIRE_CHUNK,
    'import { createRequire } from "node:module";\n' +
      "export var __require = createRequire(import.meta.url);\n",
  );
  const imports = new RegExp(`import \\{([^}]*)\\} from "\\./${helper.replace(".", "\\.")}";`, "g");
  for (const [name, chunk] of chunks) {
    if (name === helper || name === NODE_REQUIRE_CHUNK) continue;
    chunks.set(
      name,
      chunk.replace(imports, (statement, names: string) => {
        const list = names.split(",").map((n) => n.trim()).filter((n) => n !== "");
        if (!list.includes("__require")) return statement;
        const rest = list.filter((n) => n !== "__require");
        return `import { __require } from "./${NODE_REQUIRE_CHUNK}";` +
          (rest.length > 0 ? `\nimport { ${rest.join(", ")} } from "./${helper}";` : "");
      }),
    );
  }
  for (const [name, chunk] of chunks) {
    if (name === NODE_REQUIRE_CHUNK) continue;
    if (/^import[^;(]*"node:module"/m.test(chunk)) {
      throw new Error(`${name} still imports node:module statically`);
    }
    if (/\b__require\(/.test(chunk) && !chunk.includes(`"./${NODE_REQUIRE_CHUNK}"`)) {
      throw new Error(`${name} calls __require without importing it`);
    }
  }
}

/** The scripts that shape the installed command beyond the bundle's sources. */
const BUILD_SCRIPTS = [
  "scripts/bundle.ts",
  "scripts/eager_functions.ts",
  "scripts/install.ts",
  "scripts/launcher.ts",
];

/**
 * Writes the record of what the bundles were built from (src/cli/bundle_sources.ts): each local
 * module of their graphs, and the scripts that build it and the launcher, with their SHA-256.
 */
async function recordSources(recordPath: string): Promise<void> {
  const local = new Set<string>();
  for (const entry of [ENTRY, PROGRAM_SOURCE]) {
    const info = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", "--frozen", "--config", `${repo}/deno.json`, `${repo}/${entry}`],
      stdout: "piped",
      stderr: "inherit",
    }).output();
    if (!info.success) throw new Error(`deno info failed with exit code ${info.code}`);
    const modules = JSON.parse(new TextDecoder().decode(info.stdout)).modules as {
      specifier: string;
    }[];
    for (const module of modules) {
      if (!module.specifier.startsWith("file:")) continue;
      const path = localPath(new URL(module.specifier));
      if (!path.startsWith(`${repo}/`) && !path.startsWith(`${repo}\\`)) continue;
      local.add(path.slice(repo.length + 1).replaceAll("\\", "/"));
    }
  }
  const paths = [...local, ...BUILD_SCRIPTS].sort();
  const record: Required<SourcesRecord> = { sources: {}, stamps: {} };
  for (const path of paths) {
    const info = await Deno.stat(`${repo}/${path}`);
    record.sources[path] = await sha256Hex(await Deno.readTextFile(`${repo}/${path}`));
    record.stamps[path] = sourceStamp(info);
  }
  await Deno.writeTextFile(recordPath, JSON.stringify(record, null, 2) + "\n");
}

/** Runs `deno bundle` with the checkout's config and frozen lockfile, and `args`. */
async function denoBundle(args: string[]): Promise<void> {
  const result = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--quiet", "--frozen", "--config", `${repo}/deno.json`, ...args],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!result.success) throw new Error(`deno bundle failed with exit code ${result.code}`);
}

/** The startup path, one file with eagerly compiled functions; returns its path. */
async function bundleStartup(dir: string): Promise<string> {
  const output = `${dir}/${BUNDLE_NAME}`;
  await denoBundle(["--output", output, `${repo}/${ENTRY}`]);
  const text = eagerFunctions(await Deno.readTextFile(output));
  if (/^\s*import\s[^(]*["'](npm|node|jsr):/m.test(text)) {
    throw new Error(
      `${BUNDLE_NAME} imports an npm, node or jsr module statically: the startup path must not`,
    );
  }
  await Deno.writeTextFile(output, text);
  return output;
}

/**
 * Makes every dynamic import of one chunk by another non-literal, so that Deno loads a chunk
 * only when the import runs. Deno follows `import("./literal.js")` when it loads the importing
 * module, reading and parsing the whole tree behind it: measured, `list` read all of the
 * program's ~100 chunks (the AWS SDK's among them), about a third of its run.
 */
export function deferChunkImports(chunks: Map<string, string>): void {
  for (const [name, text] of chunks) {
    chunks.set(
      name,
      text.replace(
        /\bimport\("(\.\/[\w.-]+\.js)"\)/g,
        (_, path) => `import(new URL(${JSON.stringify(path)}, import.meta.url).href)`,
      ),
    );
  }
}

/**
 * The chunks `text` loads statically: `import ... from "./x.js"`, `import "./x.js"`, and
 * `export ... from "./x.js"`, which loads the chunk as an import does.
 */
function staticChunkImports(text: string): string[] {
  return [...text.matchAll(/^(?:import|export)\s(?:[^;"']*?\sfrom\s)?"\.\/([\w.-]+\.js)";/gm)].map((
    m,
  ) => m[1]);
}

/**
 * The chunks to compile eagerly (scripts/eager_functions.ts): those whose static imports, all
 * the way down, never load `require` (node_require.js), that is our own code and none of the
 * AWS SDK's, and that are in no import cycle, where a function made a `var` could be called
 * before its chunk ran. Measured on `list` run in full: ~2 ms less (a tenth of an empty `deno
 * run`) of compiling on first call; doing the same to the SDK's chunks made every command
 * slower, with a code cache much larger to read for functions most runs never call.
 */
export function eagerChunks(chunks: Map<string, string>): Set<string> {
  const imports = new Map([...chunks].map(([name, text]) => [name, staticChunkImports(text)]));
  const reach = (from: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [...(imports.get(from) ?? [])];
    while (stack.length > 0) {
      const name = stack.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      stack.push(...(imports.get(name) ?? []));
    }
    return seen;
  };
  const eager = new Set<string>();
  for (const name of chunks.keys()) {
    if (name === NODE_REQUIRE_CHUNK) continue;
    const reached = reach(name);
    if (!reached.has(NODE_REQUIRE_CHUNK) && !reached.has(name)) eager.add(name);
  }
  return eager;
}

/**
 * The full program, split into chunks in `program/` (written anew): the checkout's URL written
 * in, `require` isolated, and the keyring addon required from `node_modules/` beside it.
 */
async function bundleProgram(dir: string): Promise<void> {
  const outdir = `${dir}/${new URL(PROGRAM_ENTRY, "file:///").pathname.split("/")[1]}`;
  await Deno.remove(outdir, { recursive: true }).catch(() => {});
  await denoBundle([
    "--code-splitting",
    "--outdir",
    outdir,
    `--external=${KEYRING_PACKAGE}`,
    `${repo}/${PROGRAM_SOURCE}`,
  ]);
  const chunks = new Map<string, string>();
  for await (const entry of Deno.readDir(outdir)) {
    if (entry.isFile) chunks.set(entry.name, await Deno.readTextFile(`${outdir}/${entry.name}`));
  }
  const entryName = PROGRAM_ENTRY.slice(PROGRAM_ENTRY.lastIndexOf("/") + 1);
  if (!chunks.has(entryName)) throw new Error(`deno bundle wrote no ${entryName}`);
  replacedOnce(
    chunks,
    CHECKOUT_EXPRESSION,
    JSON.stringify(new URL("..", import.meta.url).href),
    "src/cli/checkout.ts",
  );
  // Required by its path in our own node_modules/, which is never searched for in the
  // directories above, where a package of that name could be anyone's.
  replacedOnce(
    chunks,
    `import("${KEYRING_PACKAGE}")`,
    `Promise.all([import("node:module"), import("node:url")]).then(([m, u]) => ` +
      `m.createRequire(import.meta.url)(u.fileURLToPath(new URL(` +
      `"../node_modules/${KEYRING_PACKAGE}/", import.meta.url))))`,
    "src/keyring/os_store.ts",
  );
  isolateNodeRequire(chunks);
  deferChunkImports(chunks);
  for (const name of eagerChunks(chunks)) chunks.set(name, eagerFunctions(chunks.get(name)!));
  for (const [name, text] of chunks) await Deno.writeTextFile(`${outdir}/${name}`, text);
}

/**
 * Copies the keyring addon and its platform packages that Deno's npm cache holds (those of this
 * system, fetched and checked against deno.lock by `deno cache`) into `dir/node_modules`.
 */
async function copyKeyringAddon(dir: string): Promise<void> {
  const info = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "--frozen", "--config", `${repo}/deno.json`],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!info.success) throw new Error(`deno info failed with exit code ${info.code}`);
  const npmCache = JSON.parse(new TextDecoder().decode(info.stdout)).npmCache as string;
  const lock = JSON.parse(await Deno.readTextFile(`${repo}/deno.lock`));
  const version = lock
    .specifiers[
      `npm:${KEYRING_PACKAGE}@${
        (JSON.parse(await Deno.readTextFile(`${repo}/deno.json`))
          .imports[KEYRING_PACKAGE] as string)
          .split("@").at(-1)
      }`
    ] as string;
  const entry = lock.npm[`${KEYRING_PACKAGE}@${version}`] as { optionalDependencies?: string[] };
  const target = `${dir}/node_modules`;
  await Deno.remove(target, { recursive: true }).catch(() => {});
  let platforms = 0;
  for (const name of [KEYRING_PACKAGE, ...(entry.optionalDependencies ?? [])]) {
    const from = `${npmCache}/registry.npmjs.org/${name}/${version}`;
    if (!(await Deno.stat(from).catch(() => undefined))?.isDirectory) {
      if (name === KEYRING_PACKAGE) throw new Error(`${from} is missing: run deno cache first`);
      continue;
    }
    if (name !== KEYRING_PACKAGE) platforms++;
    await copyTree(from, `${target}/${name}`);
  }
  if (platforms === 0) console.error(`No ${KEYRING_PACKAGE} binary for this system was found`);
}

/** Copies the directory `from` to `to`, files and subdirectories, following no symlink. */
async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (entry.isDirectory) await copyTree(`${from}/${entry.name}`, `${to}/${entry.name}`);
    else if (entry.isFile) await Deno.copyFile(`${from}/${entry.name}`, `${to}/${entry.name}`);
  }
}

/**
 * Writes both bundles, the keyring addon and the record into `dir` (created if missing);
 * returns the startup bundle's path.
 */
export async function bundleStartupPath(dir: string): Promise<string> {
  await Deno.mkdir(dir, { recursive: true });
  const output = await bundleStartup(dir);
  await bundleProgram(dir);
  await copyKeyringAddon(dir);
  await recordSources(`${dir}/${RECORD_NAME}`);
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
