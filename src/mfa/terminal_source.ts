/**
 * Reads an MFA code typed on the controlling terminal (never stdin: facts §1). Raw mode for the
 * duration of the prompt only; the terminal's previous mode is restored on every exit path.
 *
 * @module
 */

import type { Terminal } from "../deps.ts";
import { CancelledError } from "../errors.ts";
import { pressKeys, startPrompt } from "./code_prompt.ts";

/** Prompts on `terminal` until a 6-digit code is entered. Closes the terminal when done. */
export async function promptOnTerminal(
  terminal: Terminal,
  label: string,
  signal?: AbortSignal,
): Promise<string> {
  const decoder = new TextDecoder();
  const buffer = new Uint8Array(64);
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    // Raw mode off first: a pending read keeps the process alive until the handle closes.
    try {
      terminal.setRaw(false);
    } finally {
      terminal.close();
    }
  };
  const onAbort = () => restore();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    terminal.setRaw(true);
    let { state, write } = startPrompt(label);
    await terminal.write(write);
    while (!state.outcome) {
      signal?.throwIfAborted();
      const count = await terminal.read(buffer);
      if (count === null) {
        throw new CancelledError("The terminal closed before an MFA code was entered");
      }
      ({ state, write } = pressKeys(
        state,
        decoder.decode(buffer.subarray(0, count), { stream: true }),
      ));
      if (write) await terminal.write(write);
    }
    if ("cancelled" in state.outcome) throw new CancelledError("MFA prompt cancelled with Ctrl-C");
    return state.outcome.code;
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    restore();
  }
}

/** Shows a countdown on the terminal while waiting `ms` for the next TOTP code. */
export async function countdownOnTerminal(
  terminal: Terminal,
  ms: number,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  let remaining = ms;
  while (remaining > 0) {
    const seconds = Math.ceil(remaining / 1000);
    await terminal.write(
      `\r\x1b[2KAWS accepts each MFA code once: waiting ${seconds} s for the next code…`,
    );
    const slice = remaining % 1000 || 1000;
    await sleep(slice);
    remaining -= slice;
  }
  await terminal.write("\r\x1b[2K");
}
