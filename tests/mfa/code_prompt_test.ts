import { pressKeys, type PromptState, startPrompt } from "../../src/mfa/code_prompt.ts";
import { assertEquals } from "../support/assert.ts";

/** Types `keys` into a fresh prompt; returns the final state and the whole screen. */
function type(keys: string): { state: PromptState; screen: string } {
  let { state, write: screen } = startPrompt("Code: ");
  for (const key of keys) {
    const step = pressKeys(state, key);
    state = step.state;
    screen += step.write;
  }
  return { state, screen };
}

Deno.test("six digits and Enter submit the code", () => {
  const { state, screen } = type("123456\r");
  assertEquals(state.outcome, { code: "123456" });
  assertEquals(screen, "Code: 123456\r\n");
});

Deno.test("spaces and dashes from a copied code are skipped", () => {
  assertEquals(type("123 456\r").state.outcome, { code: "123456" });
  assertEquals(type("123-456\n").state.outcome, { code: "123456" });
});

Deno.test("too few digits asks again with a notice and starts over", () => {
  const { state, screen } = type("12345\r");
  assertEquals(state.outcome, undefined);
  assertEquals(state.typed, "");
  assertEquals(screen, "Code: 12345\r\n  The code has 6 digits, not 5. Try again.\r\nCode: ");
  assertEquals(type("12345\r654321\r").state.outcome, { code: "654321" });
});

Deno.test("Enter on an empty prompt explains what to type", () => {
  assertEquals(
    type("\r").screen,
    "Code: \r\n  Type the 6-digit code, or press Ctrl-C to cancel.\r\nCode: ",
  );
});

Deno.test("backspace erases the last digit on screen", () => {
  const { state, screen } = type("1239\x7f456\r");
  assertEquals(state.outcome, { code: "123456" });
  assertEquals(screen, "Code: 1239\b \b456\r\n");
});

Deno.test("Ctrl-U clears what was typed", () => {
  assertEquals(type("99\x15123456\r").state.outcome, { code: "123456" });
});

Deno.test("a seventh digit rings the bell and is ignored", () => {
  const { state, screen } = type("1234567\r");
  assertEquals(state.outcome, { code: "123456" });
  assertEquals(screen, "Code: 123456\x07\r\n");
});

Deno.test("Ctrl-C cancels, and so does Ctrl-D on an empty prompt", () => {
  assertEquals(type("12\x03").state.outcome, { cancelled: true });
  assertEquals(type("\x04").state.outcome, { cancelled: true });
  assertEquals(type("1\x04").state.outcome, undefined);
});

Deno.test("letters and escape sequences are ignored", () => {
  assertEquals(type("a1b2\x1b[A3456\r").state.outcome, { code: "123456" });
});

Deno.test("keys after the outcome change nothing", () => {
  const { state, screen } = type("123456\r999");
  assertEquals(state.outcome, { code: "123456" });
  assertEquals(screen, "Code: 123456\r\n");
});
