/**
 * `login` with a browser context per profile, as a user runs it: fake browsers on PATH record
 * their argv (one file per program, NUL-separated), for each kind `vegas_browser` names, for
 * profile names with spaces, quotes and `&`, and for the errors.
 */

import { assertEquals, assertMatch, assertOk } from "../support/assert.ts";
import { profileDataDir } from "../../src/console/browser.ts";
import { runCli } from "../support/installed_cli.ts";
import { linuxTest } from "../support/platform.ts";
import { createWorld, STANDARD_CREDENTIALS, type World } from "../support/world.ts";

/** The programs a fake browser is installed as, each recording its argv. */
const FAKES = ["firefox", "chromium", "google-chrome", "brave-browser", "microsoft-edge"];

/** A world with fake browsers in a directory put first on PATH; `recorded(name)` reads argv. */
async function browserWorld() {
  const world = await createWorld();
  const bin = `${world.home}/fake-bin`;
  const records = `${world.home}/records`;
  await Deno.mkdir(bin);
  await Deno.mkdir(records);
  for (const name of FAKES) {
    await Deno.writeTextFile(
      `${bin}/${name}`,
      `#!/bin/sh\nfor a in "$@"; do printf '%s\\0' "$a"; done > '${records}/${name}'\n`,
      { mode: 0o700 },
    );
  }
  const env = (extra: Record<string, string> = {}) =>
    world.env({
      VEGAS_CREDENTIALS_FEDERATION_URL: `${world.sts.endpoint}/federation`,
      PATH: `${bin}:${world.env().PATH}`,
      ...extra,
    });
  const recorded = async (name: string): Promise<string[]> => {
    const text = await Deno.readTextFile(`${records}/${name}`);
    await Deno.remove(`${records}/${name}`);
    return text.split("\0").slice(0, -1);
  };
  return { world, env, recorded, bin };
}

/** The sign-in URL's token, which must be the one the federation endpoint issued last. */
function assertSigninUrl(world: World, text: string) {
  const url = new URL(text);
  assertEquals(url.searchParams.get("Action"), "login");
  assertEquals(url.searchParams.get("SigninToken"), world.sts.signinTokens.at(-1));
}

/** The name and URL an `ext+container:` link carries. */
function containerLink(text: string): URLSearchParams {
  assertOk(text.startsWith("ext+container:"), text);
  assertOk(!text.includes("+", "ext+container:".length), "spaces encoded as %20, not +");
  return new URLSearchParams(text.slice("ext+container:".length));
}

/** Profiles whose names have spaces, quotes and `&` (only the credentials file can hold them). */
const ODD_NAMES = [`it's "ours" & theirs`, "rock & roll band"];

function oddProfiles(settings = ""): string {
  return STANDARD_CREDENTIALS +
    ODD_NAMES.map((name) =>
      `\n[${name}]\nvegas_role_arn = arn:aws:iam::222222222222:role/SingerRole\n` +
      `vegas_source_profile = default\n${settings}`
    ).join("");
}

for (
  const [kind, program] of [
    ["chromium", "chromium"],
    ["chrome", "google-chrome"],
    ["brave", "brave-browser"],
    ["edge", "microsoft-edge"],
  ]
) {
  linuxTest(
    `login with ${kind}: the browser's own user data directory per profile (0700), --no-first-run`,
    async () => {
      const { world, env, recorded } = await browserWorld();
      try {
        await world.writeCredentials(oddProfiles());
        const dirs = new Set<string>();
        for (const profile of ["frank@concerts", ...ODD_NAMES]) {
          const result = await runCli(
            ["login", "--profile", profile],
            env({ VEGAS_CREDENTIALS_BROWSER: kind }),
          );
          assertEquals(result.code, 0, result.stderr);
          assertEquals(result.stdout, "");
          const argv = await recorded(program);
          assertEquals(argv.length, 3, argv.join(" | "));
          const dir = argv[0].replace(/^--user-data-dir=/, "");
          assertOk(
            dir.startsWith(`${world.home}/.local/state/vegas-credentials/browser-profiles/`),
            dir,
          );
          assertMatch(dir.slice(dir.lastIndexOf("/") + 1), /^[A-Za-z0-9@._-]+$/);
          assertEquals((await Deno.lstat(dir)).mode! & 0o777, 0o700);
          dirs.add(dir);
          assertEquals(argv[1], "--no-first-run");
          assertSigninUrl(world, argv[2]);
          assertOk(!result.stderr.includes("SigninToken"), "no URL on stderr");
        }
        assertEquals(dirs.size, 3, "one directory per profile");
        // The same profile reuses its directory, so its console session is still signed in.
        await runCli(
          ["login", "--profile", "rock & roll band"],
          env({ VEGAS_CREDENTIALS_BROWSER: kind }),
        );
        assertOk(dirs.has((await recorded(program))[0].replace(/^--user-data-dir=/, "")));
      } finally {
        await world.close();
      }
    },
  );
}

linuxTest(
  "login with firefox-container: an ext+container link per profile, colour and icon from the config",
  async () => {
    const { world, env, recorded } = await browserWorld();
    try {
      await world.writeCredentials(oddProfiles("vegas_browser_color = purple\n"));
      // From [default] for every profile without a setting of its own.
      await world.writeConfig(
        (await Deno.readTextFile(world.configFile)).replace(
          "[default]\n",
          "[default]\nvegas_browser = firefox-container\nvegas_browser_icon = fingerprint\n",
        ),
      );
      for (const profile of ODD_NAMES) {
        const result = await runCli(["login", "--profile", profile], env());
        assertEquals(result.code, 0, result.stderr);
        const argv = await recorded("firefox");
        assertEquals(argv.length, 1);
        const link = containerLink(argv[0]);
        assertEquals(link.get("name"), profile);
        assertEquals(link.get("color"), "purple");
        assertEquals(link.get("icon"), "fingerprint");
        assertSigninUrl(world, link.get("url")!);
      }
      const result = await runCli(["login", "--profile=frank@concerts"], env());
      assertEquals(result.code, 0, result.stderr);
      const link = containerLink((await recorded("firefox"))[0]);
      assertEquals(link.get("name"), "frank@concerts");
      assertEquals(link.get("icon"), "fingerprint");
      assertEquals(link.get("color"), null);
      assertSigninUrl(world, link.get("url")!);
    } finally {
      await world.close();
    }
  },
);

linuxTest(
  "login with vegas_browser as a path gets the URL alone; default and --stdout stay as they were",
  async () => {
    const { world, env, recorded, bin } = await browserWorld();
    try {
      await world.writeCredentials(oddProfiles(`vegas_browser = ${bin}/chromium\n`));
      const result = await runCli(["login", "--profile", ODD_NAMES[0]], env());
      assertEquals(result.code, 0, result.stderr);
      const argv = await recorded("chromium");
      assertEquals(argv.length, 1);
      assertSigninUrl(world, argv[0]);
      // vegas_browser = default (or --stdout) ignores VEGAS_CREDENTIALS_BROWSER: BROWSER opens it.
      await world.writeCredentials(oddProfiles("vegas_browser = default\n"));
      const viaBrowser = await runCli(
        ["login", "--profile", ODD_NAMES[1]],
        env({ BROWSER: `${bin}/firefox`, VEGAS_CREDENTIALS_BROWSER: "chrome" }),
      );
      assertEquals(viaBrowser.code, 0, viaBrowser.stderr);
      assertSigninUrl(world, (await recorded("firefox"))[0]);
      const printed = await runCli(
        ["login", "--profile", "frank@concerts", "--stdout"],
        env({ VEGAS_CREDENTIALS_BROWSER: "firefox-container" }),
      );
      assertEquals(printed.code, 0, printed.stderr);
      assertSigninUrl(world, printed.stdout.trim());
    } finally {
      await world.close();
    }
  },
);

linuxTest(
  "login names a browser that is not installed, an unknown kind, or a bad colour, in one line",
  async () => {
    const { world, env } = await browserWorld();
    try {
      await Deno.remove(`${world.home}/fake-bin/brave-browser`);
      const bare = `${world.home}/bare-path`;
      await Deno.mkdir(bare);
      await Deno.symlink("/usr/bin/setsid", `${bare}/setsid`);
      const missing = await runCli(
        ["login", "--profile=frank@concerts"],
        env({ VEGAS_CREDENTIALS_BROWSER: "brave", PATH: bare }),
      );
      assertEquals(missing.code, 1);
      assertEquals(
        missing.stderr,
        "vegas-credentials: The browser brave (vegas_browser or VEGAS_CREDENTIALS_BROWSER) is " +
          "not installed here; install it, set vegas_browser to another one, or run " +
          "vegas-credentials login --profile frank@concerts --stdout to print the URL\n",
      );
      const unknown = await runCli(
        ["login", "--profile=frank@concerts"],
        env({ VEGAS_CREDENTIALS_BROWSER: "netscape" }),
      );
      assertEquals(unknown.code, 3, unknown.stderr);
      assertMatch(
        unknown.stderr,
        /^vegas-credentials: Environment variable VEGAS_CREDENTIALS_BROWSER "netscape" is neither one of default, firefox-container, chromium, chrome, brave, edge nor the path of a browser program\n$/,
      );
      await world.writeCredentials(
        oddProfiles("vegas_browser = firefox-container\nvegas_browser_color = \x1b[31mred\n"),
      );
      const colour = await runCli(["login", "--profile", "rock & roll band"], env());
      assertEquals(colour.code, 3, colour.stderr);
      assertMatch(
        colour.stderr,
        /^vegas-credentials: ~\/\.aws\/credentials line \d+: profile "rock & roll band": vegas_browser_color "\\x1b\[31mred" is not one of blue, turquoise, green, yellow, orange, red, pink, purple\n$/,
      );
      const failing = `${world.home}/failing-browser`;
      await Deno.writeTextFile(failing, "#!/bin/sh\nexit 4\n", { mode: 0o700 });
      await world.writeCredentials(oddProfiles(`vegas_browser = ${failing}\n`));
      const exited = await runCli(["login", "--profile", "rock & roll band"], env());
      assertEquals(exited.code, 1, exited.stderr);
      assertMatch(exited.stderr, /The browser .*failing-browser exited with code 4; run /);
      // A symlink where a profile's browser directory belongs is refused, never followed.
      const elsewhere = `${world.home}/elsewhere`;
      await Deno.mkdir(elsewhere, { mode: 0o755 });
      const base = `${world.home}/.local/state/vegas-credentials/browser-profiles`;
      await Deno.mkdir(base, { recursive: true });
      const dir = await profileDataDir(base, "frank@concerts");
      await Deno.symlink(elsewhere, dir);
      const linked = await runCli(
        ["login", "--profile=frank@concerts"],
        env({ VEGAS_CREDENTIALS_BROWSER: "chromium" }),
      );
      assertEquals(linked.code, 1, linked.stderr);
      assertEquals(
        linked.stderr,
        `vegas-credentials: Cannot use the browser profile directory of profile "frank@concerts": ` +
          `${dir} is a symlink; remove it\n`,
      );
      assertEquals((await Deno.stat(elsewhere)).mode! & 0o777, 0o755);
      for (const result of [missing, unknown, colour, exited, linked]) {
        assertOk(!result.stderr.includes("SigninToken"), "no URL on stderr");
      }
    } finally {
      await world.close();
    }
  },
);

linuxTest("doctor checks that each browser vegas_browser names exists", async () => {
  const { world, env, bin } = await browserWorld();
  try {
    await world.writeCredentials(oddProfiles("vegas_browser = edge\n"));
    const found = await runCli(["doctor"], env());
    assertMatch(found.stdout, /✓ browser edge \(vegas_browser of 2 profiles\): .*microsoft-edge/);
    await Deno.remove(`${bin}/microsoft-edge`);
    await world.writeCredentials(oddProfiles(`vegas_browser = ${world.home}/nowhere\n`));
    const missing = await runCli(["doctor"], env({ VEGAS_CREDENTIALS_BROWSER: "edge" }));
    assertEquals(missing.code, 1);
    assertMatch(
      missing.stdout,
      /✗ browser .*nowhere \(vegas_browser of 2 profiles\) is not installed/,
    );
    assertMatch(missing.stdout, /✗ browser edge \(VEGAS_CREDENTIALS_BROWSER\) is not installed/);
  } finally {
    await world.close();
  }
});
