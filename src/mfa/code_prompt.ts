/**
 * The MFA code prompt as a pure state machine: a typed character in, the new state and the bytes
 * to write to the terminal out. The terminal driver (`terminal_source.ts`) only moves bytes, so
 * every key's behaviour is tested without a terminal.
 *
 * @module
 */

/** The digits an MFA code has. */
export const CODE_LENGTH = 6;

/** Where the prompt stands. */
export interface PromptState {
  /** The label shown before the digits. */
  label: string;
  /** Digits typed so far. */
  typed: string;
  /** Set once the user submitted a valid code or cancelled. */
  outcome?: { code: string } | { cancelled: true };
}

/** One step: the next state and what to write to the terminal. */
export interface PromptStep {
  state: PromptState;
  write: string;
}

const CTRL_C = "\x03";
const CTRL_D = "\x04";
const CTRL_U = "\x15";
const BACKSPACES = ["\x7f", "\b"];
const ENTERS = ["\r", "\n"];
const ERASE_ONE = "\b \b";

/** The first state, and the label to write. */
export function startPrompt(label: string): PromptStep {
  return { state: { label, typed: "" }, write: label };
}

/** Applies one typed character. Spaces and dashes (as in "123 456") are skipped. */
export function pressKey(state: PromptState, key: string): PromptStep {
  if (state.outcome) return { state, write: "" };
  if (key === CTRL_C || (key === CTRL_D && state.typed === "")) {
    return { state: { ...state, outcome: { cancelled: true } }, write: "\r\n" };
  }
  if (BACKSPACES.includes(key)) {
    if (state.typed === "") return { state, write: "" };
    return { state: { ...state, typed: state.typed.slice(0, -1) }, write: ERASE_ONE };
  }
  if (key === CTRL_U) {
    return { state: { ...state, typed: "" }, write: ERASE_ONE.repeat(state.typed.length) };
  }
  if (ENTERS.includes(key)) {
    if (state.typed.length === CODE_LENGTH) {
      return { state: { ...state, outcome: { code: state.typed } }, write: "\r\n" };
    }
    const notice = state.typed === ""
      ? `Type the ${CODE_LENGTH}-digit code, or press Ctrl-C to cancel.`
      : `The code has ${CODE_LENGTH} digits, not ${state.typed.length}. Try again.`;
    return { state: { ...state, typed: "" }, write: `\r\n  ${notice}\r\n${state.label}` };
  }
  if (key >= "0" && key <= "9" && key.length === 1) {
    if (state.typed.length >= CODE_LENGTH) return { state, write: "\x07" };
    return { state: { ...state, typed: state.typed + key }, write: key };
  }
  return { state, write: "" };
}

/** Applies every character of a chunk of input, concatenating what to write. */
export function pressKeys(state: PromptState, keys: string): PromptStep {
  let current = state;
  let write = "";
  for (const key of keys) {
    const step = pressKey(current, key);
    current = step.state;
    write += step.write;
    if (current.outcome) break;
  }
  return { state: current, write };
}
