/**
 * Puts fake `ykman` and `zenity` commands on a PATH for tests, and reads what they recorded.
 *
 * @module
 */

import { REPO_ROOT } from "./installed_cli.ts";

/** One recorded run of a fake tool. */
export interface ToolRun {
  pid: number;
  args: string[];
}

/** A fake tool installed in a directory. */
export interface FakeTool {
  /** Directory to put first on PATH. */
  binDir: string;
  /** Environment the tool needs (merge into the child's env along with PATH). */
  env: Record<string, string>;
  /** Every run so far. */
  runs(): Promise<ToolRun[]>;
}

async function writeShim(binDir: string, name: string, script: string): Promise<void> {
  await Deno.mkdir(binDir, { recursive: true });
  const path = `${binDir}/${name}`;
  const quoted = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
  await Deno.writeTextFile(
    path,
    `#!/bin/sh\nexec ${quoted(Deno.execPath())} run --quiet --allow-all ${quoted(script)} "$@"\n`,
  );
  await Deno.chmod(path, 0o755);
}

async function readRuns(log: string): Promise<ToolRun[]> {
  try {
    return (await Deno.readTextFile(log)).trim().split("\n").filter(Boolean).map((line) =>
      JSON.parse(line)
    );
  } catch {
    return [];
  }
}

/** What the fake ykman knows (see tests/support/fake_ykman.ts). */
export interface YkmanWorld {
  version?: 3 | 4;
  devices: {
    serial: number;
    password?: string;
    accounts: { name: string; secretFile: string; touch?: boolean }[];
  }[];
  touchTimeoutMs?: number;
  /** How long it takes to report that no YubiKey is plugged in (default at once). */
  noDeviceDelayMs?: number;
}

/** A fake ykman, with a way to touch the key. */
export interface FakeYkman extends FakeTool {
  /** Simulates touching the YubiKey. */
  touch(): Promise<void>;
}

/** Installs a fake `ykman` into `dir/bin`. */
export async function installFakeYkman(dir: string, world: YkmanWorld): Promise<FakeYkman> {
  const binDir = `${dir}/bin`;
  const state = `${dir}/ykman-state.json`;
  const log = `${dir}/ykman-runs.log`;
  const touchFile = `${dir}/ykman-touched`;
  await Deno.writeTextFile(state, JSON.stringify({ version: 4, ...world, touchFile, log }));
  await writeShim(binDir, "ykman", `${REPO_ROOT}/tests/support/fake_ykman.ts`);
  return {
    binDir,
    env: { FAKE_YKMAN_STATE: state },
    runs: () => readRuns(log),
    touch: () => Deno.writeTextFile(touchFile, "touched"),
  };
}

/** Installs a fake `zenity` into `dir/bin`. */
export async function installFakeZenity(
  dir: string,
  mode: "code" | "cancel" | "hang",
  secretFile: string,
): Promise<FakeTool> {
  const binDir = `${dir}/bin`;
  const log = `${dir}/zenity-runs.log`;
  await writeShim(binDir, "zenity", `${REPO_ROOT}/tests/support/fake_zenity.ts`);
  return {
    binDir,
    env: { FAKE_ZENITY_MODE: mode, FAKE_ZENITY_SECRET: secretFile, FAKE_ZENITY_LOG: log },
    runs: () => readRuns(log),
  };
}

/** Whether a process runs (a zombie waiting to be reaped counts as gone). */
export function isRunning(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}
