/**
 * A new user's path through the README: `deno task demo --keep`, then the printed commands in
 * another shell, ending with `aws sts get-caller-identity` through vegas-credentials.
 */

import { assertEquals, assertMatch, assertOk } from "../support/assert.ts";
import { REPO_ROOT, runProgram } from "../support/installed_cli.ts";
import { awsCli } from "../support/tools.ts";
import { linuxTest } from "../support/platform.ts";

async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  marker: string,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + 60_000;
  while (!text.includes(marker)) {
    if (Date.now() > deadline) throw new Error(`the demo never printed "${marker}":\n${text}`);
    const { value, done } = await reader.read();
    if (done) throw new Error(`the demo ended before printing "${marker}":\n${text}`);
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

linuxTest("README walkthrough: demo --keep, then the AWS CLI command it prints", async () => {
  const demo = new Deno.Command(Deno.execPath(), {
    args: ["task", "demo", "--keep"],
    cwd: REPO_ROOT,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "null",
    detached: true,
  }).spawn();
  const reader = demo.stdout.getReader();
  try {
    const text = await readUntil(reader, "Press Ctrl-C here to stop.");
    const env: Record<string, string> = {
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      HOME: Deno.env.get("HOME") ?? "/",
    };
    for (const [, name, value] of text.matchAll(/^ {2}export (\w+)='([^']*)'$/gm)) {
      env[name] = value;
    }
    assertOk(env.AWS_CONFIG_FILE && env.AWS_ENDPOINT_URL_STS, text);
    const command = /^ {2}aws (sts get-caller-identity .*)$/m.exec(text)![1].split(" ");
    const result = await runProgram(await awsCli(), [...command, "--output", "json"], env);
    assertEquals(result.code, 0, result.stderr);
    assertMatch(
      JSON.parse(result.stdout).Arn,
      /^arn:aws:sts::222222222222:assumed-role\/SingerRole\//,
    );
  } finally {
    Deno.kill(-demo.pid, "SIGINT");
    reader.releaseLock();
    await demo.stdout.cancel();
    const status = await demo.status;
    assertEquals(status.code, 0);
  }
});
