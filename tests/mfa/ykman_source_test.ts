import { systemDeps } from "../../src/system_deps.ts";
import { VegasError } from "../../src/errors.ts";
import { codeFromYubikey, ykmanArgs } from "../../src/mfa/ykman_source.ts";
import { assertEquals, assertMatch, assertOk, assertRejects } from "../support/assert.ts";
import { installFakeYkman, isRunning, type YkmanWorld } from "../support/fake_tools.ts";
import { newTotpSecret, totp } from "../support/totp.ts";
import { linuxTest } from "../support/platform.ts";

const LABEL = "arn:aws:iam::111111111111:mfa/FrankSinatra";

async function withYkman(
  world: (secretFile: string) => YkmanWorld,
  fn: (
    run: (
      settings?: { serial?: string; label?: string },
      askPassword?: () => Promise<string>,
      signal?: AbortSignal,
    ) => Promise<string>,
    secret: string,
    fake: Awaited<ReturnType<typeof installFakeYkman>>,
  ) => Promise<void>,
) {
  const dir = await Deno.makeTempDir();
  const secret = newTotpSecret();
  await Deno.writeTextFile(`${dir}/secret`, secret);
  const fake = await installFakeYkman(dir, world(`${dir}/secret`));
  // The fake reads its state file from the environment.
  Deno.env.set("FAKE_YKMAN_STATE", fake.env.FAKE_YKMAN_STATE);
  try {
    await fn(
      (settings = {}, askPassword, signal) =>
        codeFromYubikey({ label: LABEL, profileName: "p", ...settings }, systemDeps(), {
          ykman: `${fake.binDir}/ykman`,
          askPassword,
          signal,
        }),
      secret,
      fake,
    );
  } finally {
    Deno.env.delete("FAKE_YKMAN_STATE");
    await Deno.remove(dir, { recursive: true });
  }
}

const oneKey = (secretFile: string): YkmanWorld => ({
  devices: [{ serial: 12345678, accounts: [{ name: LABEL, secretFile }] }],
});

linuxTest("ykman arguments follow ykman 4, or ykman 3 when that is installed", () => {
  assertEquals(ykmanArgs({ label: "a" }, 4), ["oath", "accounts", "code", "--single", "a"]);
  assertEquals(ykmanArgs({ serial: "123", label: "a b" }, 3), [
    "--device",
    "123",
    "oath",
    "code",
    "--single",
    "a b",
  ]);
});

linuxTest(
  "the YubiKey's code comes from ykman 4, and from ykman 3 after a usage error",
  async () => {
    for (const version of [4, 3] as const) {
      await withYkman((file) => ({ ...oneKey(file), version }), async (run, secret, fake) => {
        assertEquals(await run(), totp(secret));
        const runs = await fake.runs();
        assertEquals(runs.at(-1)!.args, ykmanArgs({ label: LABEL }, version));
      });
    }
  },
);

linuxTest("ykman's failures become clear reasons", async () => {
  const cases: [(file: string) => YkmanWorld, { serial?: string; label?: string }, RegExp][] = [
    [() => ({ devices: [] }), {}, /^no YubiKey is plugged in$/],
    [
      oneKey,
      { serial: "999" },
      /^YubiKey 999 \(vegas_yubikey_serial of profile "p"\) is not plugged in/,
    ],
    [
      (file) => ({ devices: [...oneKey(file).devices, { serial: 87654321, accounts: [] }] }),
      {},
      /^several YubiKeys are plugged in \(serials 12345678, 87654321\); set vegas_yubikey_serial in profile "p"/,
    ],
    [
      oneKey,
      { label: "nothing-like-it" },
      /^the YubiKey has no OATH account matching "nothing-like-it"; set vegas_yubikey_label/,
    ],
    [
      (file) => ({
        devices: [{
          serial: 1,
          accounts: [{ name: "aws-a", secretFile: file }, { name: "aws-b", secretFile: file }],
        }],
      }),
      { label: "aws" },
      /^several OATH accounts on the YubiKey match "aws"/,
    ],
    [
      (file) => ({
        devices: [{ serial: 1, accounts: [{ name: LABEL, secretFile: file, touch: true }] }],
        touchTimeoutMs: 300,
      }),
      {},
      /^the YubiKey was not touched in time$/,
    ],
    [
      (file) => ({
        devices: [{ serial: 1, password: "pw", accounts: [{ name: LABEL, secretFile: file }] }],
      }),
      {},
      /password-protected and there is no terminal to ask for the password; run: ykman oath access remember$/,
    ],
  ];
  for (const [world, settings, pattern] of cases) {
    await withYkman(world, async (run) => {
      await assertRejects(() => run(settings), VegasError, pattern);
    });
  }
});

linuxTest("a password-protected YubiKey gets the password on stdin, never in argv", async () => {
  await withYkman(
    (file) => ({
      devices: [{
        serial: 1,
        password: "s3cret-pw",
        accounts: [{ name: LABEL, secretFile: file }],
      }],
    }),
    async (run, secret, fake) => {
      let asked = 0;
      assertEquals(await run({}, () => Promise.resolve((asked++, "s3cret-pw"))), totp(secret));
      assertEquals(asked, 1);
      for (const recorded of await fake.runs()) {
        assertOk(!recorded.args.join(" ").includes("s3cret-pw"));
      }
      await assertRejects(
        () => run({}, () => Promise.resolve("wrong")),
        VegasError,
        /OATH password was wrong/,
      );
    },
  );
});

linuxTest("a pending touch is stopped, ykman killed, when the signal aborts", async () => {
  await withYkman(
    (file) => ({
      devices: [{ serial: 1, accounts: [{ name: LABEL, secretFile: file, touch: true }] }],
    }),
    async (run, _secret, fake) => {
      const controller = new AbortController();
      const pending = run({}, undefined, controller.signal);
      await new Promise((resolve) => setTimeout(resolve, 600));
      controller.abort(new Error("lost the race"));
      await assertRejects(() => pending, Error, /lost the race/);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const runs = await fake.runs();
      assertMatch(String(runs.length), /^1$/);
      assertOk(!isRunning(runs[0].pid), "ykman survived");
    },
  );
});
