/**
 * `completion` as a user installs it: the bash and fish scripts loaded in the real shells and
 * asked to complete; zsh and PowerShell (not installable here) by content.
 */

import { COMMANDS, EXPORT_FORMATS } from "../../src/cli/command_table.ts";
import { assertEquals, assertMatch, assertOk, assertStringIncludes } from "../support/assert.ts";
import { installedCli, runCli } from "../support/installed_cli.ts";
import { linuxTest } from "../support/platform.ts";
import { createWorld, type World } from "../support/world.ts";

async function script(world: World, shell: string): Promise<string> {
  const result = await runCli(["completion", shell], world.env());
  assertEquals(result.code, 0, result.stderr);
  assertEquals(result.stderr, "");
  const path = `${world.home}/completion.${shell}`;
  await Deno.writeTextFile(path, result.stdout);
  return path;
}

/** The world's environment with the installed command on PATH, where the scripts call it. */
async function shellEnv(world: World): Promise<Record<string, string>> {
  const bin = (await installedCli()).replace(/\/[^/]+$/, "");
  return world.env({ PATH: `${bin}:${Deno.env.get("PATH")}` });
}

async function shell(world: World, command: string, args: string[]): Promise<string> {
  const output = await new Deno.Command(command, {
    args,
    env: await shellEnv(world),
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(output.code, 0, new TextDecoder().decode(output.stderr));
  return new TextDecoder().decode(output.stdout);
}

/** A world with a few profiles of each kind, one in the credentials file only. */
async function worldWithProfiles(): Promise<World> {
  const world = await createWorld();
  await Deno.writeTextFile(
    world.configFile,
    (await Deno.readTextFile(world.configFile)) + "\n[profile  stage ]\nregion = eu-west-1\n",
  );
  await Deno.writeTextFile(
    world.credentialsFile,
    (await Deno.readTextFile(world.credentialsFile)) +
      "\n[keys-only]\naws_access_key_id = AKIAX\naws_secret_access_key = never-shown\n",
  );
  return world;
}

linuxTest(
  "bash completes commands, sub-commands, flags, --format values and profiles",
  async () => {
    const world = await worldWithProfiles();
    try {
      const path = await script(world, "bash");
      const probe = `source '${path}'
complete -p vegas-credentials
t() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _vegas_credentials; local IFS=,; echo "\${COMPREPLY[*]}"; }
t vegas-credentials as
t vegas-credentials config ""
t vegas-credentials assume --p
t vegas-credentials assume --profile ""
t vegas-credentials login --profile = fr
t vegas-credentials export --profile x --format ""
t vegas-credentials completion ""
t vegas-credentials assume --profile x --no
`;
      const lines = (await shell(world, "bash", ["-c", probe])).split("\n");
      assertEquals(lines.slice(0, 9), [
        "complete -F _vegas_credentials vegas-credentials",
        "assume",
        "list,show-profile",
        "--profile",
        // `[profile  stage ]` is no profile to the SDKs (two spaces), so none is offered.
        "default,frank@concerts,keys-only",
        "frank@concerts",
        EXPORT_FORMATS.join(","),
        "bash,zsh,fish,powershell",
        "--no-gui,--no-color",
      ]);
    } finally {
      await world.close();
    }
  },
);

linuxTest("fish completes the same from its own script", async () => {
  const world = await worldWithProfiles();
  try {
    const path = await script(world, "fish");
    const complete = async (line: string) =>
      (await shell(world, "fish", ["-c", `source '${path}'; complete -C '${line}'`]))
        .split("\n").filter(Boolean).map((entry) => entry.split("\t")[0]);
    assertEquals(await complete("vegas-credentials a"), ["add", "assume"]);
    assertEquals(await complete("vegas-credentials cache "), ["clean", "list", "status"]);
    assertEquals(await complete("vegas-credentials assume --profile "), [
      "default",
      "frank@concerts",
      "keys-only",
    ]);
    assertEquals(
      await complete("vegas-credentials export --format "),
      [...EXPORT_FORMATS].sort(),
    );
    const flags = await complete("vegas-credentials login --");
    for (const flag of COMMANDS.find((c) => c.name === "login")!.flags) {
      assertOk(flags.includes(flag.name), `${flag.name} in ${flags.join(" ")}`);
    }
  } finally {
    await world.close();
  }
});

linuxTest("zsh and PowerShell scripts hold every command; a bad shell is one line", async () => {
  const world = await createWorld();
  try {
    const zsh = await Deno.readTextFile(await script(world, "zsh"));
    assertMatch(zsh, /^#compdef vegas-credentials\n/);
    assertStringIncludes(zsh, "bashcompinit");
    assertStringIncludes(zsh, "complete -F _vegas_credentials vegas-credentials");
    const ps = await Deno.readTextFile(await script(world, "powershell"));
    assertStringIncludes(ps, "Register-ArgumentCompleter -Native -CommandName vegas-credentials");
    for (const command of COMMANDS) {
      assertStringIncludes(ps, `'${command.name}' = @(`);
      for (const flag of command.flags) assertStringIncludes(ps, `'${flag.name}'`);
    }
    const bad = await runCli(["completion", "tcsh"], world.env());
    assertEquals(bad.code, 2);
    assertEquals(
      bad.stderr,
      'vegas-credentials: completion needs SHELL, one of bash, zsh, fish, powershell (not "tcsh"), e.g. vegas-credentials completion bash\n',
    );
  } finally {
    await world.close();
  }
});

/** A world whose profile names are hostile: shell syntax, a glob, an escape sequence. */
async function hostileWorld(): Promise<World> {
  const world = await createWorld();
  // The credentials file takes any name between brackets, as the SDKs read it.
  const keys = "aws_access_key_id = AKIAX\naws_secret_access_key = never-shown\n";
  await Deno.writeTextFile(
    world.credentialsFile,
    (await Deno.readTextFile(world.credentialsFile)) +
      ["$(id>pwned)", "`touch pwned2`", "*", "esc\x1b]52;c;cHduZWQ=\x07x"]
        .map((name) => `\n[${name}]\n${keys}`).join(""),
  );
  return world;
}

linuxTest("bash completes hostile profile names as literal words, running nothing", async () => {
  const world = await hostileWorld();
  try {
    const path = await script(world, "bash");
    // In the home directory, where a glob * would match files.
    const probe = `cd "$HOME"; source '${path}'
t() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _vegas_credentials; printf '%s\\n' "\${COMPREPLY[@]}"; echo --; }
t vegas-credentials assume --profile ""
t vegas-credentials assume --profile '$('
t vegas-credentials assume --profile '*'
`;
    const out = await shell(world, "bash", ["-c", probe]);
    assertEquals(out.split("--\n").map((block) => block.split("\n").filter(Boolean)), [
      ["\\$\\(id\\>pwned\\)", "\\*", "\\`touch\\ pwned2\\`", "default", "frank@concerts"],
      ["\\$\\(id\\>pwned\\)"],
      ["\\*"],
      [],
    ]);
    assertOk(!out.includes("\x1b"), "no escape byte reaches the shell");
    for (const file of ["pwned", "pwned2"]) {
      assertEquals(await Deno.stat(`${world.home}/${file}`).catch(() => undefined), undefined);
    }
  } finally {
    await world.close();
  }
});

linuxTest("fish completes hostile profile names as themselves, running nothing", async () => {
  const world = await hostileWorld();
  try {
    const path = await script(world, "fish");
    const out = await shell(world, "fish", [
      "-c",
      `cd $HOME; source '${path}'; complete -C 'vegas-credentials assume --profile '`,
    ]);
    // fish orders the candidates itself.
    assertEquals(
      out.split("\n").filter(Boolean).map((entry) => entry.split("\t")[0]).sort(),
      [
        "$(id>pwned)",
        "*",
        "`touch pwned2`",
        "default",
        "frank@concerts",
      ].sort(),
    );
    for (const file of ["pwned", "pwned2"]) {
      assertEquals(await Deno.stat(`${world.home}/${file}`).catch(() => undefined), undefined);
    }
  } finally {
    await world.close();
  }
});

linuxTest(
  "completion with a FIFO as the config file offers no names and does not hang",
  async () => {
    const world = await createWorld();
    try {
      await Deno.remove(world.configFile);
      const made = await new Deno.Command("mkfifo", { args: [world.configFile] }).output();
      assertEquals(made.code, 0);
      const path = await script(world, "bash");
      const started = Date.now();
      const out = await shell(world, "bash", [
        "-c",
        `source '${path}'; COMP_WORDS=(vegas-credentials assume --profile ""); COMP_CWORD=3; ` +
        `_vegas_credentials; echo "n=\${#COMPREPLY[@]}"`,
      ]);
      assertEquals(out, "n=0\n");
      assertOk(Date.now() - started < 10_000);
    } finally {
      await world.close();
    }
  },
);
