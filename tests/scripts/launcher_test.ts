/**
 * The installed command's launcher passes its command and the caller's arguments through
 * unchanged, whatever characters the paths hold.
 */

import { launcherShell, launcherText } from "../../scripts/launcher.ts";
import { assertEquals } from "../support/assert.ts";
import { linuxTest } from "../support/platform.ts";

const AWKWARD = ["it's here", 'a "quoted" $HOME `date` \\n', "%PATH% & | ; *"];

linuxTest("the shell launcher runs its command with every argument intact", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vegas launcher '" });
  try {
    const script = `${dir}/vegas-credentials`;
    await Deno.writeTextFile(
      script,
      launcherText("linux", ["/usr/bin/printf", "[%s]\\n", ...AWKWARD], launcherShell()),
    );
    await Deno.chmod(script, 0o755);
    const output = await new Deno.Command(script, {
      args: ["assume", "--profile=a b", "'", "$USER"],
      stdout: "piped",
    }).output();
    assertEquals(output.code, 0);
    assertEquals(
      new TextDecoder().decode(output.stdout),
      [...AWKWARD, "assume", "--profile=a b", "'", "$USER"].map((arg) => `[${arg}]\n`).join(""),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the batch launcher quotes each part and keeps % from expanding", () => {
  assertEquals(
    launcherText("windows", ["C:\\Program Files\\deno.exe", "run", "C:\\Users\\100%\\main.js"]),
    '@echo off\r\n"C:\\Program Files\\deno.exe" "run" "C:\\Users\\100%%\\main.js" %*\r\n',
  );
});

Deno.test("the launcher runs under dash where there is one, else /bin/sh", () => {
  assertEquals(launcherShell((path) => path === "/usr/bin/dash"), "/usr/bin/dash");
  assertEquals(launcherShell(() => false), "/bin/sh");
  assertEquals(launcherText("linux", ["/x"], "/bin/dash").split("\n")[0], "#!/bin/dash");
});

linuxTest(
  "a launcher whose Deno or bundle is gone says so in one line, and runs nothing",
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "vegas-launcher-" });
    try {
      const script = `${dir}/vegas-credentials`;
      const gone = `${dir}/npx cache/deno`;
      const ran = `${dir}/ran`;
      await Deno.writeTextFile(
        script,
        launcherText("linux", ["/usr/bin/touch", ran], launcherShell(), ["/usr/bin/touch", gone]),
      );
      await Deno.chmod(script, 0o755);
      const output = await new Deno.Command(script, { stdout: "piped", stderr: "piped" }).output();
      assertEquals(output.code, 1);
      assertEquals(
        new TextDecoder().decode(output.stderr),
        `vegas-credentials: ${gone} no longer exists; install again: run "deno task install" in ` +
          "the vegas-credentials checkout\n",
      );
      assertEquals(await Deno.lstat(ran).then(() => true, () => false), false);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test("the batch launcher's check escapes what cmd.exe would read as syntax", () => {
  const text = launcherText("windows", ["C:\\a&b (x)\\deno.exe", "run"], undefined, [
    "C:\\a&b (x)\\deno.exe",
  ]);
  assertEquals(
    text.split("\r\n")[1],
    'if not exist "C:\\a&b (x)\\deno.exe" (echo vegas-credentials: C:\\a^&b ^(x^)\\deno.exe no ' +
      'longer exists; install again: run "deno task install" in the vegas-credentials checkout ' +
      "1>&2 & exit /b 1)",
  );
});
