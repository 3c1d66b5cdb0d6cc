/**
 * The AWS SDK for JavaScript v3 under Node.js, as CDK and most JS tools run it: installed once
 * with npm (pinned versions) into a temporary directory, then used by a client script.
 *
 * @module
 */

import { requireProgram } from "./tools.ts";

/** The SDK packages and versions, equal to deno.json's. */
export const NODE_SDK_PACKAGES = [
  "@aws-sdk/client-sts@3.1169.0",
  "@aws-sdk/credential-providers@3.1169.0",
];

let prefix: Promise<string> | undefined;

/** A directory whose node_modules holds the SDK; installed on first use. */
export function nodeSdkDir(): Promise<string> {
  prefix ??= (async () => {
    await requireProgram("node", "nodejs");
    const dir = `${await Deno.makeTempDir({ prefix: "vegas-node-sdk-" })}`;
    await Deno.writeTextFile(
      `${dir}/package.json`,
      JSON.stringify({ private: true, type: "module" }),
    );
    const output = await new Deno.Command("npm", {
      args: [
        "install",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        "--loglevel=error",
        ...NODE_SDK_PACKAGES,
      ],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!output.success) {
      throw new Error(`npm install failed: ${new TextDecoder().decode(output.stderr)}`);
    }
    await Deno.writeTextFile(
      `${dir}/whoami.mjs`,
      `import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromIni } from "@aws-sdk/credential-providers";
const [mode, profile] = process.argv.slice(2);
const client = new STSClient({
  region: "eu-west-1",
  credentials: mode === "fromIni" ? fromIni({ profile }) : undefined,
});
try {
  const identity = await client.send(new GetCallerIdentityCommand({}));
  console.log(JSON.stringify({ Arn: identity.Arn, Account: identity.Account }));
} catch (error) {
  console.error(String(error && error.message || error));
  process.exit(1);
}
`,
    );
    return dir;
  })();
  return prefix;
}
