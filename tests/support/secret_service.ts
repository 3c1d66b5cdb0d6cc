/**
 * A real Secret Service for a test: a private D-Bus session bus and GNOME Keyring's daemon on
 * it, with a login keyring unlocked by a known password, all under the test's HOME. Stopped (and
 * the processes gone) by `close()`.
 *
 * @module
 */

/** A running Secret Service. */
export interface SecretService {
  /** `DBUS_SESSION_BUS_ADDRESS` (and HOME) for the processes that use it. */
  env: Record<string, string>;
  /** Runs `secret-tool ARGS` against it; resolves to its stdout (and stderr). */
  secretTool(args: string[]): Promise<string>;
  close(): Promise<void>;
}

/** Starts the bus and the keyring daemon for `home`. */
export async function startSecretService(home: string): Promise<SecretService> {
  const dbus = new Deno.Command("dbus-daemon", {
    args: ["--session", "--nofork", "--print-address=1"],
    env: { HOME: home },
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = dbus.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("dbus-daemon ended without printing its address");
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  dbus.stdout.cancel().catch(() => {});
  const address = text.trim().split("\n")[0];
  const env = { HOME: home, DBUS_SESSION_BUS_ADDRESS: address };
  const keyring = new Deno.Command("gnome-keyring-daemon", {
    args: ["--unlock", "--components=secrets", "--foreground"],
    env,
    stdin: "piped",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const writer = keyring.stdin.getWriter();
  await writer.write(new TextEncoder().encode("test-password"));
  await writer.close();
  const secretTool = async (args: string[]) => {
    const output = await new Deno.Command("secret-tool", {
      args,
      env,
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(10_000),
    }).output();
    return new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
  };
  // Ready once an item can be stored: a search already answers while the daemon is still
  // unlocking (or creating) the login keyring, and a store then would be refused.
  const deadline = Date.now() + 10_000;
  while (true) {
    const probe = new Deno.Command("secret-tool", {
      args: ["store", "--label=vegas readiness probe", "service", "vegas-readiness-probe"],
      env,
      stdin: "piped",
      stdout: "null",
      stderr: "piped",
      signal: AbortSignal.timeout(5_000),
    }).spawn();
    const input = probe.stdin.getWriter();
    await input.write(new TextEncoder().encode("probe")).catch(() => {});
    await input.close().catch(() => {});
    const output = await probe.output().catch((error) => ({
      success: false,
      stderr: new TextEncoder().encode(String(error)),
    }));
    if (output.success) break;
    if (Date.now() > deadline) {
      throw new Error(
        `the Secret Service did not start in 10 s: ${new TextDecoder().decode(output.stderr)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await secretTool(["clear", "service", "vegas-readiness-probe"]);
  return {
    env: { DBUS_SESSION_BUS_ADDRESS: address },
    secretTool,
    async close() {
      for (const child of [keyring, dbus]) {
        try {
          child.kill("SIGTERM");
        } catch {
          // Already gone.
        }
        await child.status;
      }
    },
  };
}
