import { CancelledError } from "../../src/errors.ts";
import { promptOnTerminal } from "../../src/mfa/terminal_source.ts";
import { assertEquals, assertRejects } from "../support/assert.ts";
import { scriptedTerminal } from "../support/fake_deps.ts";

Deno.test("the terminal prompt returns the code and leaves raw mode and the handle closed", async () => {
  const terminal = scriptedTerminal(["12", "34", "56", "\r"]);
  assertEquals(await promptOnTerminal(terminal, "Code: "), "123456");
  assertEquals(terminal.rawModes, [true, false]);
  assertEquals(terminal.closed, true);
  assertEquals(terminal.screen, "Code: 123456\r\n");
});

Deno.test("Ctrl-C at the terminal prompt is a cancellation, with the terminal restored", async () => {
  const terminal = scriptedTerminal(["1", "\x03"]);
  await assertRejects(
    () => promptOnTerminal(terminal, "Code: "),
    CancelledError,
    /cancelled with Ctrl-C/,
  );
  assertEquals(terminal.rawModes, [true, false]);
  assertEquals(terminal.closed, true);
});

Deno.test("aborting a waiting prompt restores the terminal and rejects with the reason", async () => {
  const terminal = scriptedTerminal(["1"]);
  const controller = new AbortController();
  const pending = promptOnTerminal(terminal, "Code: ", controller.signal);
  await new Promise((resolve) => setTimeout(resolve, 10));
  controller.abort(new Error("another source won"));
  await assertRejects(() => pending, Error, /another source won/);
  assertEquals(terminal.rawModes, [true, false]);
  assertEquals(terminal.closed, true);
});

Deno.test("a terminal that closes before a code is a cancellation", async () => {
  const terminal = scriptedTerminal([]);
  terminal.read = () => Promise.resolve(null);
  await assertRejects(
    () => promptOnTerminal(terminal, "Code: "),
    CancelledError,
    /terminal closed/,
  );
});
