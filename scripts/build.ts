/**
 * `deno task build`: compiles `vegas-credentials` with `deno compile` for x86_64 and aarch64 of
 * Linux, macOS and Windows, with the project's run flags, into `dist/`, and writes
 * `dist/SHA256SUMS`. The version in the file names (and printed by `--version`) is deno.json's.
 *
 *   deno task build [--target TARGET] [--dry-run] [--out DIR]
 *
 * `deno compile` downloads its base binary (denort) from Deno's download host. Where that host
 * cannot be reached, the build stops with a message saying so; `--dry-run` prints the exact
 * commands without running them.
 *
 * @module
 */

import { sha256Hex } from "../src/text/sha256_hex.ts";
import { VERSION } from "../src/version.ts";
import { COMMAND_NAME, LAZY_MODULES, RUN_FLAGS } from "./run_flags.ts";

/** The compile targets of a release. */
export const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
  "aarch64-pc-windows-msvc",
] as const;

/** The file name of the binary for `target`. */
export function assetName(target: string, version = VERSION): string {
  return `${COMMAND_NAME}-${version}-${target}${target.includes("windows") ? ".exe" : ""}`;
}

/** The `deno` arguments that compile `target` into `outDir`. */
export function compileArgs(target: string, outDir: string): string[] {
  return [
    "compile",
    ...RUN_FLAGS,
    "--frozen",
    "--config",
    "deno.json",
    ...LAZY_MODULES.flatMap((module) => ["--include", module]),
    "--target",
    target,
    "--output",
    `${outDir}/${assetName(target)}`,
    "main.ts",
  ];
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

async function sha256(path: string): Promise<string> {
  return sha256Hex(await Deno.readFile(path));
}

function fail(message: string): never {
  console.error(`build: ${message}`);
  Deno.exit(1);
}

async function main(args: string[]): Promise<void> {
  const repo = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
  let targets: string[] = [...TARGETS];
  let outDir = "dist";
  let dryRun = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : args[++i];
    if (arg === "--dry-run") dryRun = true;
    else if (arg.startsWith("--target")) {
      const target = value();
      if (!(TARGETS as readonly string[]).includes(target)) {
        fail(`unknown target "${target}"; the targets are ${TARGETS.join(", ")}`);
      }
      targets = [target];
    } else if (arg.startsWith("--out")) outDir = value();
    else {fail(
        `unknown argument "${arg}"; usage: deno task build [--target TARGET] [--dry-run] [--out DIR]`,
      );}
  }
  const config = JSON.parse(await Deno.readTextFile(`${repo}/deno.json`));
  if (config.version !== VERSION) {
    fail(
      `deno.json has version ${config.version} but src/version.ts has ${VERSION}; make them equal`,
    );
  }
  if (dryRun) {
    for (const target of targets) {
      console.log(["deno", ...compileArgs(target, outDir)].map(quote).join(" "));
    }
    console.log(`# then write ${outDir}/SHA256SUMS`);
    return;
  }
  await Deno.mkdir(`${repo}/${outDir}`, { recursive: true });
  const sums: string[] = [];
  for (const target of targets) {
    console.error(`build: ${target}`);
    const result = await new Deno.Command(Deno.execPath(), {
      args: compileArgs(target, outDir),
      cwd: repo,
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!result.success) {
      const stderr = new TextDecoder().decode(result.stderr);
      if (/base binary|denort|dl\.deno\.land/i.test(stderr)) {
        fail(
          `cannot build ${target}: deno compile could not download its base binary (denort) from ` +
            `Deno's download host, which this machine cannot reach; build where it can (the release ` +
            `workflow does), or use --dry-run to see the commands`,
        );
      }
      fail(`deno compile failed for ${target}: ${stderr.trim().split("\n").at(-1)}`);
    }
    sums.push(`${await sha256(`${repo}/${outDir}/${assetName(target)}`)}  ${assetName(target)}`);
  }
  await Deno.writeTextFile(`${repo}/${outDir}/SHA256SUMS`, sums.join("\n") + "\n");
  console.error(`build: wrote ${targets.length} binaries and ${outDir}/SHA256SUMS`);
}

if (import.meta.main) await main(Deno.args);
