/**
 * A throwaway world for end-to-end tests: a temporary HOME with `~/.aws/config` and
 * `~/.aws/credentials`, a loopback STS that knows the user's keys and TOTP secret, and the
 * environment a subprocess should see (nothing inherited from the developer's machine).
 *
 * @module
 */

import {
  type EmulatedRole,
  type EmulatedUser,
  startStsEmulator,
  type StsEmulator,
} from "./sts_emulator.ts";
import { newTotpSecret, totp } from "./totp.ts";
import { type CliResult, denoDir, REPO_ROOT, runProgram } from "./installed_cli.ts";
import { awsCli } from "./tools.ts";

/** The IAM user whose long-term keys are the source credentials. */
export const FRANK = {
  accessKeyId: "AKIAIOSFODNN7FRANK01",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYFRANKKEY1",
  arn: "arn:aws:iam::111111111111:user/FrankSinatra",
  mfaSerial: "arn:aws:iam::111111111111:mfa/FrankSinatra",
} as const;

/** The role that frank assumes; it requires MFA. */
export const SINGER_ROLE = "arn:aws:iam::222222222222:role/SingerRole";

/** A world to run the CLI in. */
export interface World {
  home: string;
  configFile: string;
  credentialsFile: string;
  /** File holding the TOTP secret (base32), mode 0600. */
  secretFile: string;
  totpSecret: string;
  sts: StsEmulator;
  /** A shell-free `mfa_process` command that prints the current code. */
  authenticatorCommand: string;
  /** The current TOTP code. */
  code(): string;
  /** The environment for a subprocess, plus `extra`. */
  env(extra?: Record<string, string>): Record<string, string>;
  writeConfig(text: string): Promise<void>;
  writeCredentials(text: string): Promise<void>;
  close(): Promise<void>;
}

/** The usual config: frank's keys in credentials, MFA on default, one vegas profile. */
export function standardConfig(world: Pick<World, "authenticatorCommand">, extra = ""): string {
  return `[default]
region = eu-west-1
mfa_serial = ${FRANK.mfaSerial}
mfa_process = ${world.authenticatorCommand}

[profile frank@concerts]
credential_process = vegas-credentials assume --profile=frank@concerts
vegas_role_arn = ${SINGER_ROLE}
vegas_source_profile = default
region = eu-west-1
${extra}`;
}

/**
 * The usual config with an `mfa_process` that writes its pid to `pidFile` and then waits a
 * minute: a run stays in its MFA wait until it is signalled.
 */
export function waitingMfaConfig(world: Pick<World, "authenticatorCommand">, pidFile: string) {
  return standardConfig(world).replace(
    /^mfa_process = .*$/m,
    () => `mfa_process = sh -c 'echo $$ > ${pidFile}; exec sleep 60'`,
  );
}

/** The usual credentials file with frank's long-term keys. */
export const STANDARD_CREDENTIALS = `[default]
aws_access_key_id = ${FRANK.accessKeyId}
aws_secret_access_key = ${FRANK.secretAccessKey}
`;

function quote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/** Creates a world; `close()` it at the end of the test. */
export async function createWorld(
  options: { roles?: EmulatedRole[]; users?: EmulatedUser[]; config?: "standard" | "empty" } = {},
): Promise<World> {
  const home = await Deno.makeTempDir({ prefix: "vegas-world-" });
  const cacheDir = await denoDir();
  await Deno.mkdir(`${home}/.aws`);
  const totpSecret = newTotpSecret();
  const secretFile = `${home}/totp-secret`;
  await Deno.writeTextFile(secretFile, totpSecret, { mode: 0o600 });
  const sts = startStsEmulator({
    users: options.users ?? [{ ...FRANK, mfa: { serial: FRANK.mfaSerial, totpSecret } }],
    roles: options.roles ??
      [{ arn: SINGER_ROLE, trusted: [FRANK.arn], requireMfa: true, maxSessionDuration: 43200 }],
  });
  const authenticatorCommand = [
    Deno.execPath(),
    "run",
    "--quiet",
    `--allow-read=${secretFile}`,
    `${REPO_ROOT}/tests/support/authenticator.ts`,
    secretFile,
  ].map(quote).join(" ");
  const world: World = {
    home,
    configFile: `${home}/.aws/config`,
    credentialsFile: `${home}/.aws/credentials`,
    secretFile,
    totpSecret,
    sts,
    authenticatorCommand,
    code: () => totp(totpSecret),
    env: (extra = {}) => ({
      HOME: home,
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      DENO_DIR: cacheDir,
      AWS_ENDPOINT_URL_STS: sts.endpoint,
      XDG_STATE_HOME: `${home}/.local/state`,
      LANG: "C.UTF-8",
      ...extra,
    }),
    writeConfig: (text) => Deno.writeTextFile(`${home}/.aws/config`, text),
    writeCredentials: (text) => Deno.writeTextFile(`${home}/.aws/credentials`, text),
    async close() {
      await sts.close();
      await Deno.remove(home, { recursive: true });
    },
  };
  if (options.config !== "empty") {
    await world.writeConfig(standardConfig(world));
    await world.writeCredentials(STANDARD_CREDENTIALS);
  }
  return world;
}

/** Runs `aws sts get-caller-identity --profile PROFILE` (JSON) against the world's loopback STS. */
export async function awsWhoAmI(
  world: World,
  env: Record<string, string> = world.env(),
  profile = "frank@concerts",
): Promise<CliResult> {
  return runProgram(
    await awsCli(),
    [
      "sts",
      "get-caller-identity",
      "--profile",
      profile,
      "--endpoint-url",
      world.sts.endpoint,
      "--output",
      "json",
    ],
    env,
  );
}
