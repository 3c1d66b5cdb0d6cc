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
  // A runtime directory of its own, so the daemon's control socket never meets another
  // daemon's (one the machine runs, or a test's that has not ended yet).
  const runtime = `${home}/.secret-service-runtime`;
  await Deno.mkdir(runtime, { mode: 0o700, recursive: true });
  const env = { HOME: home, DBUS_SESSION_BUS_ADDRESS: address, XDG_RUNTIME_DIR: runtime };
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
  // The daemon has, rarely and only under load, come up without its login keyring (a store is
  // then refused with "Object does not exist at path .../collection/login" for good); a fresh
  // daemon is started then, up to three times, and its own stderr is kept for the error.
  let keyring: Deno.ChildProcess | undefined;
  let failure = "";
  for (let attempt = 1; attempt <= 3 && !keyring; attempt++) {
    const daemon = await startKeyringDaemon(env).catch(async (error) => {
      await stop(dbus); // nothing outlives a start that failed
      throw error;
    });
    failure = await storeWorks(env, 5_000);
    if (!failure) {
      keyring = daemon.child;
      break;
    }
    await stop(daemon.child);
    failure += ` (gnome-keyring-daemon, attempt ${attempt}: ${(await daemon.stderr()).trim()})`;
    await Deno.remove(`${home}/.local/share/keyrings`, { recursive: true }).catch(() => {});
  }
  if (!keyring) {
    await stop(dbus);
    throw new Error(`the Secret Service did not start: ${failure}`);
  }
  const running = keyring;
  return {
    env: { DBUS_SESSION_BUS_ADDRESS: address },
    secretTool,
    async close() {
      await stop(running);
      await stop(dbus);
    },
  };
}

/** Starts GNOME Keyring's daemon with the login password on its stdin. */
async function startKeyringDaemon(
  env: Record<string, string>,
): Promise<{ child: Deno.ChildProcess; stderr(): Promise<string> }> {
  const child = new Deno.Command("gnome-keyring-daemon", {
    args: ["--unlock", "--components=secrets", "--foreground"],
    env,
    stdin: "piped",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  // Read all along, so the daemon never blocks on a full pipe.
  const stderr = new Response(child.stderr).text().catch(() => "");
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode("test-password"));
  await writer.close();
  return { child, stderr: () => stderr };
}

/**
 * Waits up to `ms` for the Secret Service to store an item (a search already answers while
 * the daemon is still unlocking or creating the login keyring, and a store then is refused).
 * Resolves to "" once one is stored (and removed again), or to the last refusal.
 */
async function storeWorks(env: Record<string, string>, ms: number): Promise<string> {
  const deadline = Date.now() + ms;
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
    if (output.success) {
      await new Deno.Command("secret-tool", {
        args: ["clear", "service", "vegas-readiness-probe"],
        env,
        stdout: "null",
        stderr: "null",
        signal: AbortSignal.timeout(5_000),
      }).output();
      return "";
    }
    if (Date.now() > deadline) return new TextDecoder().decode(output.stderr).trim();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Ends `child` and waits for it. */
async function stop(child: Deno.ChildProcess): Promise<void> {
  try {
    child.kill("SIGTERM");
  } catch {
    // Already gone.
  }
  await child.status;
}
