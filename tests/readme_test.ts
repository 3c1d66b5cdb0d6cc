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

Deno.test("the README names every command, alias and flag", () => {
  const missing: string[] = [];
  for (const command of COMMANDS) {
    const named = command.aliasOf
      ? `(alias \`${command.name}\`)`
      : `vegas-credentials ${command.name}`;
    if (!readme.includes(named)) missing.push(named);
    for (const flag of command.flags) {
      for (const name of [flag.name, ...(flag.aliases ?? [])]) {
        if (!readme.includes(name)) missing.push(`${command.name} ${name}`);
      }
    }
  }
  assertEquals(missing, []);
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
