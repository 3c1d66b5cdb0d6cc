/**
 * The watchdog ends what we started when we are killed outright, in either form: in a process
 * group of its own, and in ours (as `exec`'s child is), where the terminal's Ctrl-C or hang-up
 * to the whole group must not end the watchdog before it has done its work.
 */

import { assertOk } from "../support/assert.ts";
import { linuxTest } from "../support/platform.ts";

const WATCHDOG = new URL("../../src/system/watchdog.ts", import.meta.url).href;

/** Whether process `pid` exists (and is not a zombie). */
function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(Deno.readTextFileSync(`/proc/${pid}/status`));
  } catch {
    return false;
  }
}

/** Waits up to 3 s for `pid` to end; whether it did. */
async function ends(pid: number): Promise<boolean> {
  const deadline = Date.now() + 3_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}

/**
 * Starts a Deno process in a group of its own that starts a target in that group (`sleep 60`
 * deaf to the terminal's signals, as a program that handles them is) under a watchdog; sends
 * `groupSignal` to the whole group, then SIGKILL to the Deno process alone. Resolves to whether
 * the target ended then.
 */
async function targetEndsAfter(sharesGroup: boolean, groupSignal?: Deno.Signal) {
  const script = `
    import { watchdog } from ${JSON.stringify(WATCHDOG)};
    const child = new Deno.Command("sh", {
      args: ["-c", "trap '' INT HUP QUIT; exec sleep 60"],
    }).spawn();
    watchdog(String(child.pid), "TERM", ${sharesGroup});
    for (const signal of ["SIGINT", "SIGHUP", "SIGQUIT"]) Deno.addSignalListener(signal, () => {});
    console.log(child.pid);
    await child.status;
  `;
  const parent = new Deno.Command(Deno.execPath(), {
    args: ["eval", "--quiet", script],
    stdout: "piped",
    stderr: "inherit",
    detached: true,
  }).spawn();
  const reader = parent.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  const target = Number(text.trim());
  assertOk(target > 0 && alive(target), `the target started: ${text}`);
  if (groupSignal) {
    // The target's shell and the watchdog's set their traps as they start.
    await new Promise((r) => setTimeout(r, 200));
    Deno.kill(-parent.pid, groupSignal);
    await new Promise((r) => setTimeout(r, 300));
  }
  const before = alive(target);
  parent.kill("SIGKILL");
  await parent.status;
  reader.cancel().catch(() => {});
  const ended = await ends(target);
  if (!ended) Deno.kill(target, "SIGKILL");
  return before && ended;
}

linuxTest(
  "a watchdog in a group of its own ends the target when we are killed outright",
  async () => {
    assertOk(await targetEndsAfter(false));
  },
);

linuxTest(
  "a watchdog in our group does the same, and lives through a Ctrl-C or hang-up to it",
  async () => {
    assertOk(await targetEndsAfter(true));
    for (const signal of ["SIGINT", "SIGHUP", "SIGQUIT"] as const) {
      assertOk(await targetEndsAfter(true, signal), `after ${signal} to the group`);
    }
  },
);
