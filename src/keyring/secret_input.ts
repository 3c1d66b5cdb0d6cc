/**
 * Asking the user for secrets on the controlling terminal, nothing echoed: access keys for
 * `add`, the file keyring's passphrase. Bounded: a prompt nobody answers ends after a while.
 *
 * @module
 */

import type { Deps } from "../deps.ts";
import { VegasError } from "../errors.ts";
import { TerminalSession } from "../mfa/terminal_session.ts";

/** How long a secret prompt waits for an answer. */
export const SECRET_PROMPT_TIMEOUT_MS = 5 * 60_000;

/** Asks `labels` in turn on the terminal; `undefined` when there is no terminal. */
export async function askSecrets(
  labels: string[],
  deps: Pick<Deps, "openTerminal">,
  signal?: AbortSignal,
): Promise<string[] | undefined> {
  const terminal = await deps.openTerminal();
  if (!terminal) return undefined;
  const session = new TerminalSession(terminal);
  const timeout = AbortSignal.timeout(SECRET_PROMPT_TIMEOUT_MS);
  const bound = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const answers: string[] = [];
    for (const label of labels) answers.push(await session.promptSecret(label, bound));
    return answers;
  } catch (error) {
    if (timeout.aborted && !signal?.aborted) {
      throw new VegasError(
        `No answer at the prompt within ${SECRET_PROMPT_TIMEOUT_MS / 60_000} minutes`,
      );
    }
    throw error;
  } finally {
    session.close();
  }
}
