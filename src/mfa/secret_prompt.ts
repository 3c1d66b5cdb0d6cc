/**
 * A hidden-input prompt (for the YubiKey's OATH password) as a pure state machine, like
 * `code_prompt.ts`: characters in, state and terminal output out. Nothing typed is echoed.
 *
 * @module
 */

/** Where the secret prompt stands. */
export interface SecretState {
  label: string;
  typed: string;
  outcome?: { secret: string } | { cancelled: true };
}

/** One step: the next state and what to write. */
export interface SecretStep {
  state: SecretState;
  write: string;
}

/** The first state, and the label to write. */
export function startSecret(label: string): SecretStep {
  return { state: { label, typed: "" }, write: label };
}

/** Applies typed characters. Enter submits (an empty secret too), Ctrl-C cancels. */
export function pressSecretKeys(state: SecretState, keys: string): SecretStep {
  let current = state;
  for (const key of keys) {
    if (current.outcome) break;
    if (key === "\x03" || (key === "\x04" && current.typed === "")) {
      current = { ...current, outcome: { cancelled: true } };
    } else if (key === "\r" || key === "\n") {
      current = { ...current, outcome: { secret: current.typed } };
    } else if (key === "\x7f" || key === "\b") {
      current = { ...current, typed: current.typed.slice(0, -1) };
    } else if (key === "\x15") {
      current = { ...current, typed: "" };
    } else if (key >= " ") {
      current = { ...current, typed: current.typed + key };
    }
  }
  return { state: current, write: current.outcome ? "\r\n" : "" };
}
