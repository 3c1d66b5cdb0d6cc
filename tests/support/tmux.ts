/**
 * Runs a command in a real pseudo-terminal with tmux, types into it, and reads its screen: the
 * way to test what a user sees and types at the MFA prompt.
 *
 * @module
 */

import { requireProgram } from "./tools.ts";

/** A tmux session running one shell script. */
export interface TmuxSession {
  /** The visible screen text. */
  screen(): Promise<string>;
  /** Types keys (tmux key names such as `Enter`, `C-c`, or literal text with `literal`). */
  sendKeys(keys: string[], options?: { literal?: boolean }): Promise<void>;
  /** Waits until the screen matches `pattern`; throws with the screen after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Kills the tmux server. */
  close(): Promise<void>;
}

async function tmux(socket: string, args: string[]): Promise<string> {
  const output = await new Deno.Command("tmux", {
    args: ["-L", socket, ...args],
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  if (!output.success) {
    throw new Error(`tmux ${args[0]} failed: ${new TextDecoder().decode(output.stderr)}`);
  }
  return new TextDecoder().decode(output.stdout);
}

/** Starts `script` (bash) in a new tmux server with exactly `env`. */
export async function startTmux(
  script: string,
  env: Record<string, string>,
  dir: string,
): Promise<TmuxSession> {
  await requireProgram("tmux", "tmux", ["-V"]);
  const socket = `vegas-test-${crypto.randomUUID().slice(0, 8)}`;
  const exports = Object.entries(env).map(([k, v]) => `export ${k}='${v.replaceAll("'", "'\\''")}'`)
    .join("\n");
  const path = `${dir}/tmux-script.sh`;
  await Deno.writeTextFile(path, `${exports}\n${script}\n`);
  await tmux(socket, [
    "-f",
    "/dev/null",
    "new-session",
    "-d",
    "-x",
    "200",
    "-y",
    "40",
    `bash --noprofile --norc ${path}`,
  ]);
  const session: TmuxSession = {
    screen: () => tmux(socket, ["capture-pane", "-p", "-J"]),
    async sendKeys(keys, options = {}) {
      await tmux(socket, ["send-keys", ...(options.literal ? ["-l"] : []), ...keys]);
    },
    async waitFor(pattern, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let text = "";
      while (Date.now() < deadline) {
        text = await session.screen();
        if (pattern.test(text)) return text;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`timed out waiting for ${pattern}; the screen shows:\n${text}`);
    },
    async close() {
      try {
        await tmux(socket, ["kill-server"]);
      } catch {
        // Already gone.
      }
    },
  };
  return session;
}

/** Waits for a file to exist and returns its text. */
export async function waitForFile(path: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      return await Deno.readTextFile(path);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`timed out waiting for ${path}`);
}

/**
 * A script for {@link startTmux} that runs `command` with stdout, stderr and exit code saved to
 * `dir/out`, `dir/err` and `dir/rc` (written last), and the terminal's mode saved before and after.
 */
export function ttyScript(command: string, dir: string): string {
  return `
stty -g > ${dir}/stty-before
${command} > ${dir}/out 2> ${dir}/err
echo $? > ${dir}/rc.tmp
stty -g > ${dir}/stty-after
mv ${dir}/rc.tmp ${dir}/rc
sleep 60`;
}

/** Throws unless the terminal's mode after the command equals the mode before it. */
export async function assertTerminalRestored(dir: string): Promise<void> {
  const [before, after] = await Promise.all([
    Deno.readTextFile(`${dir}/stty-before`),
    Deno.readTextFile(`${dir}/stty-after`),
  ]);
  if (after !== before) {
    throw new Error(`the terminal mode changed: ${before.trim()} -> ${after.trim()}`);
  }
}
