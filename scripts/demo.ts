/**
 * `deno task demo`: try vegas-credentials without an AWS account. Starts the loopback STS with a
 * throwaway config, runs `assume` (MFA code from an `mfa_process` that plays an authenticator
 * app), and shows the identity of the credentials it got; then signs in to a loopback IAM
 * Identity Center (a stand-in browser approves) and assumes a role with the SSO role's
 * credentials. With `--keep`, leaves the STS running and prints the commands to try it with the
 * AWS CLI yourself.
 *
 * @module
 */

import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { RUN_FLAGS } from "./run_flags.ts";
import { startStsEmulator } from "../tests/support/sts_emulator.ts";
import { newTotpSecret } from "../tests/support/totp.ts";

const repo = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const keep = Deno.args.includes("--keep");
const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

const user = {
  accessKeyId: "AKIAIOSFODNN7DEMO001",
  secretAccessKey: crypto.randomUUID().replaceAll("-", "").padEnd(40, "x"),
  arn: "arn:aws:iam::111111111111:user/FrankSinatra",
};
const mfaSerial = "arn:aws:iam::111111111111:mfa/FrankSinatra";
const roleArn = "arn:aws:iam::222222222222:role/SingerRole";
const deployRole = "arn:aws:iam::222222222222:role/Deploy";

const dir = await Deno.makeTempDir({ prefix: "vegas-demo-" });
const secretFile = `${dir}/authenticator-secret`;
const totpSecret = newTotpSecret();
await Deno.writeTextFile(secretFile, totpSecret, { mode: 0o600 });
const sts = startStsEmulator({
  users: [{ ...user, mfa: { serial: mfaSerial, totpSecret } }],
  roles: [
    { arn: roleArn, trusted: [user.arn], requireMfa: true },
    {
      arn: deployRole,
      trusted: ["arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Developer"],
      requireMfa: false,
    },
  ],
});
sts.sso.assignments = [{ accountId: "111111111111", accountName: "Demo", roles: ["Developer"] }];

const deno = quote(Deno.execPath());
const vegas = [deno, "run", ...RUN_FLAGS, "--frozen", quote(`${repo}/main.ts`)].join(" ");
const authenticator = [
  deno,
  "run",
  "--quiet",
  quote(`--allow-read=${secretFile}`),
  quote(`${repo}/tests/support/authenticator.ts`),
  quote(secretFile),
].join(" ");
const configFile = `${dir}/config`;
const credentialsFile = `${dir}/credentials`;
await Deno.writeTextFile(
  configFile,
  `[default]
region = eu-west-1
mfa_serial = ${mfaSerial}
mfa_process = ${authenticator}

[profile frank@concerts]
credential_process = ${vegas} assume --profile=frank@concerts
vegas_role_arn = ${roleArn}
vegas_source_profile = default
region = eu-west-1

[sso-session demo]
sso_start_url = https://demo.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access

[profile demo-developer]
sso_session = demo
sso_account_id = 111111111111
sso_role_name = Developer

[profile deploy@demo]
credential_process = ${vegas} assume --profile=deploy@demo
vegas_role_arn = ${deployRole}
vegas_source_profile = demo-developer
region = eu-west-1
`,
);
// A stand-in browser that approves the sign-in, as you would in yours.
const browser = `${dir}/approving-browser`;
await Deno.writeTextFile(
  browser,
  `#!/bin/sh\nexec ${deno} run --quiet --allow-net=127.0.0.1 --allow-env=APPROVING_BROWSER_LOG ${
    quote(`${repo}/tests/support/approving_browser.ts`)
  } "$1"\n`,
);
await Deno.chmod(browser, 0o755);
const denoDir = JSON.parse(
  new TextDecoder().decode(
    (await new Deno.Command(Deno.execPath(), { args: ["info", "--json"], stdout: "piped" })
      .output()).stdout,
  ),
).denoDir as string;
await Deno.writeTextFile(
  credentialsFile,
  `[default]\naws_access_key_id = ${user.accessKeyId}\naws_secret_access_key = ${user.secretAccessKey}\n`,
  { mode: 0o600 },
);
const env = {
  AWS_CONFIG_FILE: configFile,
  AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
  AWS_ENDPOINT_URL_STS: sts.endpoint,
  XDG_STATE_HOME: `${dir}/state`,
  XDG_CACHE_HOME: `${dir}/cache`,
  // The SSO token cache is ~/.aws/sso/cache: a throwaway home keeps yours untouched.
  HOME: dir,
  DENO_DIR: denoDir,
  AWS_ENDPOINT_URL_SSO_OIDC: sts.endpoint,
  AWS_ENDPOINT_URL_SSO: sts.endpoint,
  BROWSER: browser,
};

const bold = (text: string) =>
  Deno.stdout.isTerminal() && !Deno.env.get("NO_COLOR") ? `\x1b[1m${text}\x1b[0m` : text;
console.log(bold("1. A loopback AWS STS is running at " + sts.endpoint));
console.log(
  `   It knows user FrankSinatra (long-term key ${user.accessKeyId}), his virtual MFA device,`,
);
console.log(`   and role SingerRole, whose trust policy requires MFA.`);
console.log(bold(`2. A throwaway AWS config in ${dir}:`));
console.log(
  `   profile frank@concerts: credential_process = vegas-credentials assume --profile=frank@concerts`,
);
console.log(
  `   profile default: the long-term keys, mfa_serial, and an mfa_process that plays an authenticator app`,
);
console.log(bold("3. Running: vegas-credentials assume --profile=frank@concerts --verbose"));

const runAssume = (profile = "frank@concerts") =>
  new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...RUN_FLAGS,
      "--frozen",
      `${repo}/main.ts`,
      "assume",
      `--profile=${profile}`,
      "--verbose",
    ],
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
const indent = (bytes: Uint8Array) =>
  new TextDecoder().decode(bytes).trim().split("\n").filter(Boolean).map((line) => `   | ${line}`)
    .join("\n");

const result = await runAssume();
const stderr = indent(result.stderr);
if (stderr) console.log(stderr);
let exitCode = 0;
if (!result.success) {
  console.log(`   vegas-credentials failed with exit code ${result.code}`);
  exitCode = 1;
} else {
  const output = JSON.parse(new TextDecoder().decode(result.stdout));
  console.log(`   stdout (credential_process JSON, secrets masked here):`);
  console.log(
    `   {"Version": ${output.Version}, "AccessKeyId": "${output.AccessKeyId}", "SecretAccessKey": "…", ` +
      `"SessionToken": "…", "Expiration": "${output.Expiration}"}`,
  );
  const client = new STSClient({
    region: "eu-west-1",
    endpoint: sts.endpoint,
    credentials: {
      accessKeyId: output.AccessKeyId,
      secretAccessKey: output.SecretAccessKey,
      sessionToken: output.SessionToken,
    },
  });
  const identity = await client.send(new GetCallerIdentityCommand({}));
  client.destroy();
  console.log(bold("4. sts:GetCallerIdentity with those credentials says:"));
  console.log(`   ${identity.Arn}`);
  const calls = sts.requests.map((r) => `${r.action}${r.error ? ` (${r.error})` : ""}`).join(", ");
  console.log(
    `   STS saw: ${calls}. The MFA code opened an MFA session (GetSessionToken); the role was`,
  );
  console.log(
    `   assumed with it, so other roles of this source need no new code while it lasts.`,
  );
  console.log(bold("5. Running the same command again, as the next AWS command would:"));
  const again = await runAssume();
  console.log(indent(again.stderr));
  const same = new TextDecoder().decode(again.stdout) === new TextDecoder().decode(result.stdout);
  console.log(
    `   ${same ? "The same credentials, from the encrypted cache" : "Different credentials"}; ` +
      `STS calls so far: ${sts.requests.length}.`,
  );
  if (!same || !again.success) exitCode = 1;
  console.log(bold("6. IAM Identity Center: vegas-credentials assume --profile=deploy@demo"));
  console.log(
    `   deploy@demo assumes Deploy with the credentials of SSO profile demo-developer. No token`,
  );
  console.log(
    `   is cached, so assume signs in itself (PKCE; a stand-in browser approves), writes the token`,
  );
  console.log(`   to ~/.aws/sso/cache as the AWS CLI does, and gets the SSO role's credentials:`);
  const sso = await runAssume("deploy@demo");
  console.log(indent(sso.stderr));
  if (!sso.success) {
    console.log(`   vegas-credentials failed with exit code ${sso.code}`);
    exitCode = 1;
  } else {
    console.log(
      `   IAM Identity Center saw: ${
        Object.entries(sts.sso.calls).map(([name, n]) => `${name} ×${n}`).join(", ")
      }.`,
    );
  }
}

if (keep && exitCode === 0) {
  console.log(bold("\nThe loopback STS keeps running. In another shell, try the AWS CLI v2:"));
  for (const [name, value] of Object.entries(env)) console.log(`  export ${name}=${quote(value)}`);
  console.log(
    `  aws sts get-caller-identity --profile frank@concerts --endpoint-url ${sts.endpoint}`,
  );
  console.log("Press Ctrl-C here to stop.");
  await new Promise<void>((resolve) => Deno.addSignalListener("SIGINT", resolve));
}
await sts.close();
await Deno.remove(dir, { recursive: true });
if (!keep) console.log("\nRun `deno task demo --keep` to try it with the AWS CLI yourself.");
Deno.exit(exitCode);
