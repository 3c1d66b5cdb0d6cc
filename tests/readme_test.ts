/**
 * The README documents what the code offers: every command (and alias), every flag, every
 * `VEGAS_CREDENTIALS_*` variable and every `vegas_*` config key the source reads.
 */

import { COMMANDS } from "../src/cli/command_table.ts";
import { assertEquals } from "./support/assert.ts";
import { REPO_ROOT } from "./support/installed_cli.ts";

const readme = await Deno.readTextFile(`${REPO_ROOT}/README.md`);

/** The text of every TypeScript file under `dir`. */
async function sources(dir: string): Promise<string[]> {
  const texts: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) texts.push(...await sources(path));
    else if (path.endsWith(".ts")) texts.push(await Deno.readTextFile(path));
  }
  return texts;
}

/** The README's table rows, each as its text. */
const rows = readme.split("\n").filter((line) => line.startsWith("| `"));

/**
 * The row of the command table for `name`, whose usage starts with `usage`'s first word: the row
 * of `config list` is not that of `config`, nor `cache clean`'s that of `cache list`.
 */
function commandRow(name: string, usage = ""): string | undefined {
  const first = usage.split(/[ |]/)[0];
  const start = `| \`vegas-credentials ${name}${first ? ` ${first}` : "`"}`;
  return rows.find((row) => row.startsWith(start));
}

/** Whether `flag` has a row of its own in the table of flags every command shares. */
function sharedFlagRow(flag: string): boolean {
  return rows.some((row) => row.split("|")[1].includes(`\`${flag}\``) && row.startsWith("| `--"));
}

Deno.test("the README names every command and alias, and each flag in its command's row", () => {
  const missing: string[] = [];
  for (const command of COMMANDS) {
    if (command.aliasOf) {
      const target = COMMANDS.find((other) => other.name === command.aliasOf);
      if (!commandRow(command.aliasOf!, target?.usage)?.includes(`(alias \`${command.name}\`)`)) {
        missing.push(`alias ${command.name}`);
      }
      continue;
    }
    const row = commandRow(command.name, command.usage);
    if (!row) {
      missing.push(`vegas-credentials ${command.name}`);
      continue;
    }
    for (const flag of command.flags) {
      for (const name of [flag.name, ...(flag.aliases ?? [])]) {
        if (!row.includes(name) && !sharedFlagRow(name)) missing.push(`${command.name} ${name}`);
      }
    }
  }
  assertEquals(missing, []);
});

Deno.test("a flag named only in another command's row does not count", () => {
  // The check above reads rows, not the whole README: --names is in list's row only.
  assertEquals(Boolean(commandRow("list", "[--names]")?.includes("--names")), true);
  assertEquals(Boolean(commandRow("export", "--profile")?.includes("--names")), false);
  assertEquals(sharedFlagRow("--names"), false);
  assertEquals(sharedFlagRow("--no-gui"), true);
  // "config" does not take the row of "config list", nor "cache" that of "cache clean".
  assertEquals(commandRow("config"), undefined);
  assertEquals(commandRow("cache clean", "[--profile NAME]")?.includes("Removes"), true);
});

Deno.test("the README names every VEGAS_CREDENTIALS_ variable and vegas_ key the code reads", async () => {
  const code = (await sources(`${REPO_ROOT}/src`)).join("\n");
  const names = new Set([
    ...code.matchAll(/\bVEGAS_CREDENTIALS_[A-Z_]+\b/g),
    ...code.matchAll(/"(vegas_[a-z_]+)"/g),
  ].map((match) => match[1] ?? match[0]));
  assertEquals([...names].filter((name) => !readme.includes(name)).sort(), []);
  // The patterns find what they should: two known names.
  assertEquals(names.has("VEGAS_CREDENTIALS_KEYRING") && names.has("vegas_role_arn"), true);
});
