import { compileArgs, TARGETS } from "../../scripts/build.ts";
import { LAZY_MODULES, RUN_FLAGS } from "../../scripts/run_flags.ts";
import { COMMAND_MODULES } from "../../src/cli/command_modules.ts";
import { COMMANDS } from "../../src/cli/command_table.ts";
import { assertEquals, assertMatch, assertOk } from "../support/assert.ts";
import { REPO_ROOT } from "../support/installed_cli.ts";
import { linuxTest } from "../support/platform.ts";

async function build(args: string[], env: Record<string, string> = {}) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "--frozen", "scripts/build.ts", ...args],
    cwd: REPO_ROOT,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

linuxTest(
  "build --dry-run prints exactly the six deno compile commands and the checksum step",
  async () => {
    const result = await build(["--dry-run"]);
    assertEquals(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split("\n");
    assertEquals(lines.length, 7);
    const includes = LAZY_MODULES.map((m) => `--include ${m}`).join(" ");
    TARGETS.forEach((target, i) => {
      const exe = target.includes("windows") ? ".exe" : "";
      assertEquals(
        lines[i],
        `deno compile ${
          RUN_FLAGS.join(" ")
        } --frozen --config deno.json ${includes} --target ${target} ` +
          `--output dist/vegas-credentials-0.1.0-${target}${exe} main.ts`,
      );
    });
    assertEquals(lines[6], "# then write dist/SHA256SUMS");
    assertEquals(
      compileArgs("x86_64-apple-darwin", "out").at(-2),
      "out/vegas-credentials-0.1.0-x86_64-apple-darwin",
    );
  },
);

linuxTest("build --target builds one; an unknown target is a clear error", async () => {
  const one = await build(["--dry-run", "--target", "aarch64-apple-darwin"]);
  assertEquals(one.stdout.trim().split("\n").length, 2);
  const bad = await build(["--target=riscv64-unknown-linux-gnu"]);
  assertEquals(bad.code, 1);
  assertMatch(
    bad.stderr,
    /^build: unknown target "riscv64-unknown-linux-gnu"; the targets are x86_64-unknown-linux-gnu, /,
  );
});

linuxTest("build without access to Deno's download host fails with a clear message", async () => {
  const denoDir = await Deno.makeTempDir();
  try {
    // A proxy that refuses connections stands for a machine without that host (like this one).
    const result = await build(
      ["--target", "x86_64-unknown-linux-gnu", "--out", `${denoDir}/dist`],
      {
        HTTPS_PROXY: "http://127.0.0.1:9",
        HTTP_PROXY: "http://127.0.0.1:9",
        HOME: Deno.env.get("HOME") ?? "/",
        PATH: Deno.env.get("PATH") ?? "",
        DENO_DIR: Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME")}/.cache/deno`,
      },
    );
    assertEquals(result.code, 1);
    assertMatch(
      result.stderr,
      /build: cannot build x86_64-unknown-linux-gnu: deno compile could not download its base binary \(denort\)/,
    );
  } finally {
    await Deno.remove(denoDir, { recursive: true });
  }
});

linuxTest("every module imported lazily is listed for deno compile --include", async () => {
  // The full program behind the cache hit; the command modules are imported literally.
  const entry = await Deno.readTextFile(`${REPO_ROOT}/src/cli/entry.ts`);
  assertOk(entry.includes(`PROGRAM_MODULE = "./program.ts"`));
  assertEquals([...LAZY_MODULES], ["src/cli/program.ts"]);
  // No other computed import is hidden in src/ (the installed command's import of the program
  // bundle beside it is not in the compiled binaries' graph).
  for await (const file of walkTs(`${REPO_ROOT}/src`)) {
    const text = await Deno.readTextFile(file);
    for (const match of text.matchAll(/importLazily<[^>]*>\(\s*new URL\("([^"]+)"/g)) {
      assertOk(match[1].startsWith("node:"), `${file} imports ${match[1]} lazily`);
    }
  }
});

linuxTest("every command module of the table has its literal import, and no other", async () => {
  const named = new Set(COMMANDS.map((command) => command.module));
  assertEquals(Object.keys(COMMAND_MODULES).sort(), [...named].sort());
  for (const module of named) {
    await Deno.stat(`${REPO_ROOT}/src/cli/${module.replace(/^\.\//, "")}`); // exists
    const loaded = await COMMAND_MODULES[module]();
    assertEquals(typeof loaded.run, "function", module);
  }
});

async function* walkTs(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) yield* walkTs(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}
