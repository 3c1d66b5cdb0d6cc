/**
 * Races the MFA code sources: all start at once, the first valid code wins, and every other
 * source is cancelled at once (its process group killed, its dialog closed, the terminal
 * restored). A source that fails does not end the race; when all have failed, one error names
 * each and its reason. Ctrl-C at the terminal ends the race. An overall timeout bounds it.
 *
 * @module
 */

import { CancelledError, isVegasError, MfaTimeoutError, VegasError } from "../errors.ts";

/** One way of getting an MFA code. */
export interface CodeSource {
  /** Short name for messages, e.g. `YubiKey 12345678`, `terminal`, `mfa_process`. */
  name: string;
  /** Produces a code; must stop (and clean up) when `signal` aborts. */
  getCode(signal: AbortSignal): Promise<string>;
  /**
   * Tells quickly, without asking the user, why this source cannot answer now (a YubiKey that is
   * not plugged in), or `undefined` when it may. Sources that cannot tell leave it out.
   */
  unavailable?(signal?: AbortSignal): Promise<string | undefined>;
}

/** The winning code and its source. */
export interface RaceResult {
  code: string;
  source: string;
}

/** How the race runs. */
export interface RaceOptions {
  /** The profile, for messages. */
  profileName: string;
  timeoutMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Hears each source that fails, with its reason (shown with `--verbose`). */
  onFailure?: (source: string, reason: string) => void;
  /** How long to wait for losing sources to finish cleaning up. */
  cleanupMs?: number;
  /** Aborting (a signal from outside) stops every source and rejects with the reason. */
  signal?: AbortSignal;
}

/** Thrown into losing sources' signals. */
export class LostRaceError extends Error {}

function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\.$/, "");
}

/** Runs the race; resolves with the first code, or rejects with one combined message. */
export async function raceForCode(
  sources: CodeSource[],
  options: RaceOptions,
): Promise<RaceResult> {
  const controller = new AbortController();
  const failures: { source: string; reason: string }[] = [];
  const seconds = Math.round(options.timeoutMs / 1000);
  const runs: Promise<unknown>[] = [];
  try {
    return await new Promise<RaceResult>((resolve, reject) => {
      let remaining = sources.length;
      const timerStop = new AbortController();
      options.sleep(options.timeoutMs, timerStop.signal).then(() => {
        reject(
          new MfaTimeoutError(
            `No MFA code for profile "${options.profileName}" within ${seconds} s (waited for: ` +
              `${sources.map((s) => s.name).join(", ")}); set vegas_mfa_timeout to wait longer`,
          ),
        );
      }, () => {});
      controller.signal.addEventListener("abort", () => timerStop.abort(), { once: true });
      const stop = () => {
        reject(options.signal!.reason);
        controller.abort(options.signal!.reason);
      };
      if (options.signal?.aborted) stop();
      options.signal?.addEventListener("abort", stop, { once: true });
      for (const source of sources) {
        runs.push(
          source.getCode(controller.signal).then((code) => {
            resolve({ code, source: source.name });
          }, (error) => {
            if (controller.signal.aborted) return;
            if (
              error instanceof CancelledError || (isVegasError(error) && error.exitCode === 130)
            ) {
              reject(error);
              return;
            }
            const reason = reasonOf(error);
            failures.push({ source: source.name, reason });
            options.onFailure?.(source.name, reason);
            if (--remaining === 0) {
              reject(
                new VegasError(
                  `No MFA code for profile "${options.profileName}": ` +
                    failures.map((f) => `${f.source}: ${f.reason}`).join("; "),
                ),
              );
            }
          }),
        );
      }
      if (sources.length === 0) {
        reject(new VegasError(`No MFA code source for profile "${options.profileName}"`));
      }
    });
  } finally {
    controller.abort(new LostRaceError("another MFA source answered first"));
    // Let the losers kill their processes and restore the terminal before we go on.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.allSettled(runs),
      new Promise((resolve) => timer = setTimeout(resolve, options.cleanupMs ?? 2000)),
    ]);
    clearTimeout(timer);
  }
}
