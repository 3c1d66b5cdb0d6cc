import { shellLines, shellWord } from "../../src/output/shell_formats.ts";
import { assertEquals } from "../support/assert.ts";
import { linuxTest } from "../support/platform.ts";

const HOSTILE = `it's "quoted" $HOME \`id\` \\ back $(echo no) ; & | * ~ ’ !x`;
const VARIABLES: [string, string][] = [["VEGAS_TEST_VALUE", HOSTILE], [
  "VEGAS_TEST_PLAIN",
  "ASIA123",
]];

async function shellPrints(shell: string, args: string[]): Promise<string | undefined> {
  try {
    const output = await new Deno.Command(shell, { args, stdout: "piped", stderr: "piped" })
      .output();
    return new TextDecoder().decode(output.stdout);
  } catch {
    return undefined; // not installed
  }
}

linuxTest("env and export-env lines are read back by bash and sh exactly", async () => {
  for (const format of ["env", "export-env"] as const) {
    for (const shell of ["bash", "sh"]) {
      const script = `${
        shellLines(VARIABLES, format)
      }printf '%s|%s' "$VEGAS_TEST_VALUE" "$VEGAS_TEST_PLAIN"`;
      assertEquals(
        await shellPrints(shell, ["-c", script]),
        `${HOSTILE}|ASIA123`,
        `${shell} ${format}`,
      );
    }
  }
});

linuxTest("fish lines are read back by fish exactly (where fish is installed)", async () => {
  const script = `${
    shellLines(VARIABLES, "fish")
  }printf '%s|%s' "$VEGAS_TEST_VALUE" "$VEGAS_TEST_PLAIN"`;
  const printed = await shellPrints("fish", ["--no-config", "-c", script]);
  if (printed === undefined && Deno.env.get("CI")) throw new Error("fish is not installed");
  if (printed !== undefined) assertEquals(printed, `${HOSTILE}|ASIA123`);
});

Deno.test("powershell lines double single quotes and keep $ literal", () => {
  assertEquals(
    shellLines([["A", `it's $x ’`]], "powershell"),
    `$Env:A = 'it''s $x ’’'\n`,
  );
});

Deno.test("a word for a command line is bare when no shell would change it, else quoted", () => {
  assertEquals(shellWord("frank@concerts"), "frank@concerts");
  assertEquals(shellWord("Main/Admin-1.x_y+z=w:v,u%"), "Main/Admin-1.x_y+z=w:v,u%");
  assertEquals(shellWord("team lead"), "'team lead'");
  assertEquals(shellWord("it's"), "'it'\\''s'");
  assertEquals(shellWord("$(rm -rf ~)"), "'$(rm -rf ~)'");
  assertEquals(shellWord(""), "''");
});
