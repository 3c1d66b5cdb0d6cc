import { pressSecretKeys, startSecret } from "../../src/mfa/secret_prompt.ts";
import { assertEquals } from "../support/assert.ts";

Deno.test("the secret prompt echoes nothing and returns what was typed", () => {
  const start = startSecret("Password: ");
  assertEquals(start.write, "Password: ");
  const step = pressSecretKeys(start.state, "p4ss wörd\x7fd\r");
  assertEquals(step.state.outcome, { secret: "p4ss wörd" });
  assertEquals(step.write, "\r\n");
});

Deno.test("the secret prompt cancels on Ctrl-C and clears on Ctrl-U", () => {
  assertEquals(pressSecretKeys(startSecret("P: ").state, "ab\x03").state.outcome, {
    cancelled: true,
  });
  assertEquals(pressSecretKeys(startSecret("P: ").state, "ab\x15cd\r").state.outcome, {
    secret: "cd",
  });
});
