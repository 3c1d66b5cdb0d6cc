/**
 * The controlling terminal, shared by everything that talks to the user during one MFA request:
 * the code prompt, the YubiKey password prompt, the wait for a fresh code, and notes. One reader
 * loop owns the handle and hands keys to whichever prompt is active; a password prompt
 * interrupts the code prompt, which comes back after it. Raw mode is on only while a prompt is,
 * and the terminal is returned to its previous mode on every path (Deno restores the mode it
 * saved when raw mode was switched on).
 *
 * @module
 */

import type { Terminal } from "../deps.ts";
import { CancelledError } from "../errors.ts";
import { pressKeys, startPrompt } from "./code_prompt.ts";
import { pressSecretKeys, startSecret } from "./secret_prompt.ts";

type Consumer = (keys: string) => void;

/** A terminal used for one MFA request. */
export class TerminalSession {
  #consumer?: Consumer;
  #pending = "";
  #reading = false;
  #closed = false;
  #raw = false;
  #secretTurn: Promise<void> = Promise.resolve();
  #interruptCode?: () => void;
  #relabel?: (label: string) => void;

  /** Wraps an open terminal; the session closes it. */
  constructor(private readonly terminal: Terminal) {}

  #setRaw(raw: boolean): void {
    if (this.#raw === raw || this.#closed) return;
    this.terminal.setRaw(raw);
    this.#raw = raw;
  }

  #startReader(): void {
    if (this.#reading) return;
    this.#reading = true;
    const decoder = new TextDecoder();
    const buffer = new Uint8Array(256);
    (async () => {
      while (!this.#closed) {
        let count: number | null;
        try {
          count = await this.terminal.read(buffer);
        } catch {
          break; // Closed under the read.
        }
        if (count === null) {
          this.#deliver("\x04"); // End of input reads like Ctrl-D.
          break;
        }
        this.#deliver(decoder.decode(buffer.subarray(0, count), { stream: true }));
      }
    })();
  }

  #deliver(keys: string): void {
    if (this.#consumer) this.#consumer(keys);
    else this.#pending += keys;
  }

  /** Runs one prompt: feeds it keys until it has an outcome or `signal` aborts. */
  #prompt<T>(
    write: string,
    feed: (keys: string) => { write: string; done?: T | "cancelled" },
    signal?: AbortSignal,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const finish = (action: () => void) => {
        this.#consumer = undefined;
        signal?.removeEventListener("abort", onAbort);
        this.#setRaw(false);
        action();
      };
      const onAbort = () => finish(() => reject(signal!.reason));
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#setRaw(true);
      this.terminal.write(write).catch(() => {});
      this.#consumer = (keys) => {
        const step = feed(keys);
        if (step.write) this.terminal.write(step.write).catch(() => {});
        if (step.done === "cancelled") {
          finish(() => reject(new CancelledError("MFA prompt cancelled with Ctrl-C")));
        } else if (step.done !== undefined) finish(() => resolve(step.done as T));
      };
      this.#startReader();
      if (this.#pending) {
        const keys = this.#pending;
        this.#pending = "";
        this.#consumer(keys);
      }
    });
  }

  /**
   * Asks for a 6-digit code until one is entered. Ctrl-C rejects with {@link CancelledError}. A
   * password prompt (see {@link promptSecret}) interrupts it; the code prompt then starts again.
   */
  async promptCode(label: string, signal?: AbortSignal): Promise<string> {
    const current = { label, state: startPrompt(label).state, shown: false };
    this.#relabel = (next) => {
      current.label = next;
      current.state = { ...current.state, label: next };
      // Rewrite the line in place: the new label, then the digits typed so far.
      if (current.shown) {
        this.terminal.write(`\r\x1b[2K${next}${current.state.typed}`).catch(() => {});
      }
    };
    try {
      while (true) {
        await this.#secretTurn;
        signal?.throwIfAborted();
        const interrupt = new AbortController();
        this.#interruptCode = () => {
          // End the code prompt's line before whatever interrupts it writes its own.
          current.shown = false;
          this.terminal.write("\r\n").catch(() => {});
          interrupt.abort();
        };
        const combined = signal ? AbortSignal.any([signal, interrupt.signal]) : interrupt.signal;
        const start = startPrompt(current.label);
        current.state = start.state;
        current.shown = true;
        try {
          return await this.#prompt<string>(start.write, (keys) => {
            const step = pressKeys(current.state, keys);
            current.state = step.state;
            const outcome = current.state.outcome;
            return {
              write: step.write,
              done: outcome ? ("cancelled" in outcome ? "cancelled" : outcome.code) : undefined,
            };
          }, combined);
        } catch (error) {
          if (interrupt.signal.aborted && !signal?.aborted) continue;
          throw error;
        } finally {
          current.shown = false;
          this.#interruptCode = undefined;
        }
      }
    } finally {
      this.#relabel = undefined;
    }
  }

  /**
   * Changes the label of the code prompt on screen, keeping what was typed: when a source named
   * in it turns out to be unavailable (no YubiKey plugged in), the prompt stops offering it.
   */
  relabelCode(label: string): void {
    this.#relabel?.(label);
  }

  /** Asks for a hidden secret (nothing echoed), interrupting a code prompt for the time it takes. */
  promptSecret(label: string, signal?: AbortSignal): Promise<string> {
    const previous = this.#secretTurn;
    let release = () => {};
    this.#secretTurn = new Promise<void>((resolve) => release = resolve);
    return (async () => {
      try {
        await previous;
        this.#interruptCode?.();
        let state = startSecret(label).state;
        return await this.#prompt<string>(startSecret(label).write, (keys) => {
          const step = pressSecretKeys(state, keys);
          state = step.state;
          const outcome = state.outcome;
          return {
            write: step.write,
            done: outcome ? ("cancelled" in outcome ? "cancelled" : outcome.secret) : undefined,
          };
        }, signal);
      } finally {
        release();
      }
    })();
  }

  /** Writes a line for the user (not while a prompt is reading). */
  async note(text: string): Promise<void> {
    await this.terminal.write(`\r\x1b[2K${text}\r\n`).catch(() => {});
  }

  /** Shows a countdown while waiting `ms` for the next TOTP code. */
  async countdown(ms: number, sleep: (ms: number) => Promise<void>): Promise<void> {
    let remaining = ms;
    while (remaining > 0) {
      const seconds = Math.ceil(remaining / 1000);
      await this.terminal.write(
        `\r\x1b[2KAWS accepts each MFA code once: waiting ${seconds} s for the next code…`,
      );
      const slice = remaining % 1000 || 1000;
      await sleep(slice);
      remaining -= slice;
    }
    await this.terminal.write("\r\x1b[2K");
  }

  /** Restores the terminal's mode and closes it; a pending read ends. */
  close(): void {
    if (this.#closed) return;
    this.#consumer = undefined;
    try {
      this.#setRaw(false);
    } finally {
      this.#closed = true;
      this.terminal.close();
    }
  }
}
