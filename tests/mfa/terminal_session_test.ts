import { CancelledError } from "../../src/errors.ts";
import { TerminalSession } from "../../src/mfa/terminal_session.ts";
import { assertEquals, assertRejects } from "../support/assert.ts";
import { scriptedTerminal } from "../support/fake_deps.ts";

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

Deno.test("the code prompt returns the code; raw mode is on only while it reads", async () => {
  const terminal = scriptedTerminal(["12", "34", "56", "\r"]);
  const session = new TerminalSession(terminal);
  assertEquals(await session.promptCode("Code: "), "123456");
  assertEquals(terminal.rawModes, [true, false]);
  assertEquals(terminal.screen, "Code: 123456\r\n");
  session.close();
  assertEquals(terminal.closed, true);
});

Deno.test("Ctrl-C at the code prompt is a cancellation, with raw mode off", async () => {
  const terminal = scriptedTerminal(["1", "\x03"]);
  const session = new TerminalSession(terminal);
  await assertRejects(() => session.promptCode("Code: "), CancelledError, /cancelled with Ctrl-C/);
  assertEquals(terminal.rawModes, [true, false]);
  session.close();
});

Deno.test("aborting a waiting prompt turns raw mode off and rejects with the reason", async () => {
  const terminal = scriptedTerminal(["1"]);
  const session = new TerminalSession(terminal);
  const controller = new AbortController();
  const pending = session.promptCode("Code: ", controller.signal);
  await tick();
  controller.abort(new Error("another source won"));
  await assertRejects(() => pending, Error, /another source won/);
  assertEquals(terminal.rawModes, [true, false]);
  session.close();
  assertEquals(terminal.closed, true);
});

Deno.test("a password prompt interrupts the code prompt, hides what is typed, then the code prompt returns", async () => {
  const terminal = scriptedTerminal([]);
  const session = new TerminalSession(terminal);
  const code = session.promptCode("Code: ");
  await tick();
  terminal.type("12");
  await tick();
  const password = session.promptSecret("Password: ");
  await tick();
  terminal.type("hunter2\r");
  assertEquals(await password, "hunter2");
  await tick();
  terminal.type("654321\r");
  assertEquals(await code, "654321");
  assertEquals(terminal.screen, "Code: 12\r\nPassword: \r\nCode: 654321\r\n");
  assertEquals(
    terminal.rawModes.filter((raw) => raw).length,
    terminal.rawModes.filter((raw) => !raw).length,
  );
  session.close();
});

Deno.test("end of input at the prompt is a cancellation", async () => {
  const terminal = scriptedTerminal([]);
  terminal.read = () => Promise.resolve(null);
  const session = new TerminalSession(terminal);
  await assertRejects(() => session.promptCode("Code: "), CancelledError);
  session.close();
});
