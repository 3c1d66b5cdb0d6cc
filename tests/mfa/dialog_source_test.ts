import { systemDeps } from "../../src/system_deps.ts";
import { VegasError } from "../../src/errors.ts";
import { codeFromDialog, dialogCommand } from "../../src/mfa/dialog_source.ts";
import { assertEquals, assertRejects } from "../support/assert.ts";
import { installFakeZenity } from "../support/fake_tools.ts";
import { newTotpSecret, totp } from "../support/totp.ts";
import { linuxTest } from "../support/platform.ts";

function deps(
  os: "linux" | "darwin" | "windows",
  env: Record<string, string>,
  installed: string[],
) {
  return {
    os,
    env: (name: string) => env[name],
    findExecutable: (name: string) =>
      Promise.resolve(installed.includes(name) ? `/usr/bin/${name}` : undefined),
  };
}

linuxTest("Linux shows zenity, else kdialog, and only when a display is set", async () => {
  const text = 'MFA code for "frank"';
  assertEquals(await dialogCommand(text, 60, deps("linux", {}, ["zenity"])), undefined);
  assertEquals(
    await dialogCommand(text, 60, deps("linux", { DISPLAY: ":0" }, ["zenity", "kdialog"])),
    {
      program: "/usr/bin/zenity",
      args: ["--entry", "--title=vegas-credentials", '--text=MFA code for "frank"', "--timeout=60"],
    },
  );
  assertEquals(
    await dialogCommand(text, 60, deps("linux", { WAYLAND_DISPLAY: "wayland-0" }, ["kdialog"])),
    {
      program: "/usr/bin/kdialog",
      args: ["--title", "vegas-credentials", "--inputbox", 'MFA code for "frank"'],
    },
  );
  assertEquals(await dialogCommand(text, 60, deps("linux", { DISPLAY: ":0" }, [])), undefined);
});

linuxTest(
  "macOS uses osascript and Windows PowerShell, with the text quoted for each",
  async () => {
    const mac = await dialogCommand('say "hi" \\ bye', 30, deps("darwin", {}, ["osascript"]));
    assertEquals(
      mac?.args[1],
      'text returned of (display dialog "say \\"hi\\" \\\\ bye" default answer "" with title "vegas-credentials" giving up after 30)',
    );
    const windows = await dialogCommand("it's", 30, deps("windows", {}, ["powershell"]));
    assertEquals(
      windows?.args.at(-1),
      "Add-Type -AssemblyName Microsoft.VisualBasic; [Microsoft.VisualBasic.Interaction]::InputBox('it''s', 'vegas-credentials')",
    );
  },
);

linuxTest("the dialog's answer is the code; cancelling is a failure of that source", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const secret = newTotpSecret();
    await Deno.writeTextFile(`${dir}/secret`, secret);
    for (
      const [mode, expected] of [["code", totp(secret)], [
        "cancel",
        /^the dialog was cancelled$/,
      ]] as const
    ) {
      const fake = await installFakeZenity(dir, mode, `${dir}/secret`);
      for (const [name, value] of Object.entries(fake.env)) Deno.env.set(name, value);
      const command = { program: `${fake.binDir}/zenity`, args: ["--entry"] };
      if (typeof expected === "string") {
        assertEquals(await codeFromDialog(command, systemDeps(), { timeoutMs: 10_000 }), expected);
      } else {
        await assertRejects(
          () => codeFromDialog(command, systemDeps(), { timeoutMs: 10_000 }),
          VegasError,
          expected,
        );
      }
    }
  } finally {
    for (const name of ["FAKE_ZENITY_MODE", "FAKE_ZENITY_SECRET", "FAKE_ZENITY_LOG"]) {
      Deno.env.delete(name);
    }
    await Deno.remove(dir, { recursive: true });
  }
});
