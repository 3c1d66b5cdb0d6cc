import { TOOLS } from "../../scripts/test_tools.ts";
import { assertEquals, assertMatch, assertStringIncludes } from "../support/assert.ts";
import { REPO_ROOT } from "../support/installed_cli.ts";
import { linuxTest } from "../support/platform.ts";

linuxTest(
  "without the tools and without apt-get, the test command stops at once with the line to run",
  async () => {
    const bare = await Deno.makeTempDir({ prefix: "vegas-bare-path-" });
    try {
      const started = Date.now();
      const output = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-all", "--frozen", `${REPO_ROOT}/scripts/test_tools.ts`],
        env: { PATH: bare, HOME: bare },
        clearEnv: true,
        stdout: "piped",
        stderr: "piped",
      }).output();
      assertEquals(output.code, 1);
      const stderr = new TextDecoder().decode(output.stderr);
      assertMatch(
        stderr,
        /^test tools: the end-to-end tests need awscli, python3-boto3, oathtool, tmux, fish, dbus-daemon, gnome-keyring, libsecret-tools, which are missing; install them with your package manager \(on Debian or Ubuntu: sudo apt-get install -y --no-install-recommends awscli python3-boto3 oathtool tmux fish dbus-daemon gnome-keyring libsecret-tools\)\n$/,
      );
      assertEquals(Date.now() - started < 20_000, true);
    } finally {
      await Deno.remove(bare, { recursive: true });
    }
  },
);

linuxTest("with the tools present, it says nothing and lets the tests run", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "--frozen", `${REPO_ROOT}/scripts/test_tools.ts`],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(new TextDecoder().decode(output.stderr), "");
  assertEquals(output.code, 0);
});

Deno.test("the README names every package the test command installs", async () => {
  const readme = await Deno.readTextFile(`${REPO_ROOT}/README.md`);
  for (const tool of TOOLS) assertStringIncludes(readme, `\`${tool.package}\``);
});
