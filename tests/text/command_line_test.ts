import { splitCommandLine } from "../../src/text/command_line.ts";
import { assertEquals } from "../support/assert.ts";

Deno.test("commands split into argv with shell quoting rules", () => {
  const cases: [string, string[]][] = [
    ["op item get aws --otp", ["op", "item", "get", "aws", "--otp"]],
    ["pass otp 'my aws'", ["pass", "otp", "my aws"]],
    ['ykman oath accounts code --single "arn:aws:iam::1:mfa/a b"', [
      "ykman",
      "oath",
      "accounts",
      "code",
      "--single",
      "arn:aws:iam::1:mfa/a b",
    ]],
    ["a\\ b c", ["a b", "c"]],
    ['x "say \\"hi\\""', ["x", 'say "hi"']],
    ["  spaced   out  ", ["spaced", "out"]],
    ["''", [""]],
  ];
  for (const [command, argv] of cases) assertEquals(splitCommandLine(command), { argv }, command);
});

Deno.test("commands that need a shell are reported as such", () => {
  for (
    const command of [
      "a | b",
      "a && b",
      "a; b",
      "echo $HOME",
      'echo "$HOME"',
      "cat ~/x",
      "a > f",
      "echo `x`",
      "'unterminated",
      '"open',
      "",
      "ls *.txt",
    ]
  ) {
    assertEquals(splitCommandLine(command), { needsShell: true }, command);
  }
});
