/**
 * Installs the CLI once per test run with `deno task install` into a temporary
 * `DENO_INSTALL_ROOT`, exactly as a user would, and runs it as a subprocess.
 *
 * @module
 */

const repoRoot = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
let installed: Promise<string> | undefined;
let installRoot: string | undefined;

/** The repository root. */
export const REPO_ROOT = repoRoot;

/** Installs (once) and returns the path of the `vegas-credentials` command. */
export function installedCli(): Promise<string> {
  installed ??= (async () => {
    const root = installRoot = await Deno.makeTempDir({ prefix: "vegas-install-" });
    const result = await new Deno.Command(Deno.execPath(), {
      args: ["task", "install"],
      cwd: repoRoot,
      env: { DENO_INSTALL_ROOT: root },
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!result.success) {
      throw new Error(`deno task install failed: ${new TextDecoder().decode(result.stderr)}`);
    }
    // Install ends with one run of the command it wrote, and says which version answered.
    const said = new TextDecoder().decode(result.stdout);
    if (!/^Installed \S+ \(vegas-credentials \d+\.\d+\.\d+\)$/m.test(said)) {
      throw new Error(`deno task install did not show the installed command's version: ${said}`);
    }
    return `${root}/bin/vegas-credentials`;
  })();
  return installed;
}

/**
 * The startup bundle of that install and the record of its sources: in its temporary root, never
 * in the checkout (which the developer's own installed command runs).
 */
export async function installedBundle(): Promise<{ bundle: string; record: string }> {
  await installedCli();
  const dir = `${installRoot}/lib/vegas-credentials`;
  return { bundle: `${dir}/main.bundle.js`, record: `${dir}/main.bundle.sources.json` };
}

let denoDirPromise: Promise<string> | undefined;

/** Deno's cache directory, so subprocesses with another HOME still find the npm packages. */
export function denoDir(): Promise<string> {
  denoDirPromise ??= (async () => {
    const fromEnv = Deno.env.get("DENO_DIR");
    if (fromEnv) return fromEnv;
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json"],
      stdout: "piped",
    })
      .output();
    return JSON.parse(new TextDecoder().decode(output.stdout)).denoDir as string;
  })();
  return denoDirPromise;
}

/** What a CLI run left behind. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program with exactly `env` (nothing inherited), stdin closed, and in a new session
 * (`setsid`), so it has no controlling terminal even when the tests run in one.
 */
export async function runProgram(
  program: string,
  args: string[],
  env: Record<string, string>,
): Promise<CliResult> {
  const output = await new Deno.Command("setsid", {
    args: ["--wait", program, ...args],
    env,
    clearEnv: true,
    stdin: "null",
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

/** Runs the installed CLI (without a controlling terminal). */
export async function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return runProgram(await installedCli(), args, env);
}

/**
 * Starts the installed CLI with exactly `env` and piped output, without waiting: for tests that
 * signal it or talk to it while it runs.
 */
export async function spawnCli(
  args: string[],
  env: Record<string, string>,
): Promise<Deno.ChildProcess> {
  return new Deno.Command(await installedCli(), {
    args,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** Whether process `pid` still exists. */
export function processAlive(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGCONT");
    return true;
  } catch {
    return false;
  }
}

/** Waits (up to 20 s) until `path` holds a process id, and returns it; 0 if it never does. */
export async function waitForPidFile(path: string): Promise<number> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const pid = Number((await Deno.readTextFile(path).catch(() => "")).trim());
    if (pid > 0) return pid;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return 0;
}
