/**
 * `server` as a user runs it: it prints the two variables, refuses a request without the right
 * token, serves the ECS protocol, logs each request without a secret, and stops on SIGTERM.
 */

import { assertEquals, assertMatch, assertOk } from "../support/assert.ts";
import { spawnCli } from "../support/installed_cli.ts";
import { linuxTest } from "../support/platform.ts";
import { createWorld } from "../support/world.ts";

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, pattern: RegExp) {
  let text = "";
  const decoder = new TextDecoder();
  const deadline = Date.now() + 30_000;
  while (!pattern.test(text) && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  return text;
}

linuxTest(
  "server needs its token, serves the ECS protocol, and stops cleanly on SIGTERM",
  async () => {
    const world = await createWorld();
    try {
      const server = await spawnCli(
        ["server", "--profile=frank@concerts", "--verbose"],
        world.env(),
      );
      const stdout = await readUntil(server.stdout.getReader(), /Stop with Ctrl-C/);
      const url = /^ {2}AWS_CONTAINER_CREDENTIALS_FULL_URI=(\S+)$/m.exec(stdout)![1];
      const token = /^ {2}AWS_CONTAINER_AUTHORIZATION_TOKEN=(\S+)$/m.exec(stdout)![1];
      assertMatch(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      assertOk(!url.includes(token), "the token is not in the URL");
      assertMatch(
        stdout,
        /docker run -e AWS_CONTAINER_CREDENTIALS_FULL_URI=http:\/\/host\.docker\.internal:/,
      );

      const none = await fetch(url);
      assertEquals(none.status, 401);
      assertMatch((await none.json()).message, /needs the token/);
      const wrong = await fetch(url, { headers: { Authorization: token.slice(0, -1) + "x" } });
      assertEquals(wrong.status, 403);
      await wrong.body?.cancel();
      const right = await fetch(url, { headers: { Authorization: token } });
      assertEquals(right.status, 200);
      const body = await right.json();
      assertMatch(body.AccessKeyId, /^ASIA/);
      assertOk(body.SecretAccessKey && body.Token);
      assertMatch(body.Expiration, /Z$/);
      const again = await fetch(url, { headers: { Authorization: token } });
      assertEquals((await again.json()).AccessKeyId, body.AccessKeyId);
      assertEquals(world.sts.successes("AssumeRole"), 1);

      server.kill("SIGTERM");
      const status = await server.status;
      assertEquals(status.code, 0);
      const stderr = new TextDecoder().decode(await new Response(server.stderr).arrayBuffer());
      assertMatch(
        stderr,
        /server: GET from 127\.0\.0\.1:\d+ for profile frank@concerts: 401 no token/,
      );
      assertMatch(stderr, /: 403 wrong token/);
      assertMatch(stderr, /: 200 credentials until/);
      for (const secret of [token, body.SecretAccessKey, body.Token]) {
        assertOk(!stderr.includes(secret), "no secret in the log");
      }
      const log = await Deno.readTextFile(
        `${world.home}/.local/state/vegas-credentials/vegas-credentials.log`,
      );
      assertOk(!log.includes(token) && log.includes("200 credentials until"));
    } finally {
      await world.close();
    }
  },
);

linuxTest(
  "server answers an error status with a JSON message when the credentials cannot be had",
  async () => {
    const world = await createWorld();
    try {
      // No MFA source at all: the first fetch fails before it listens, with one clear line.
      await world.writeConfig(
        (await Deno.readTextFile(world.configFile)).replace(/^mfa_process = .*$/m, ""),
      );
      const output = await (await spawnCli(["server", "--profile=frank@concerts"], world.env()))
        .output();
      assertEquals(output.code, 1);
      assertMatch(new TextDecoder().decode(output.stderr), /^vegas-credentials: .*MFA/m);
    } finally {
      await world.close();
    }
  },
);

linuxTest(
  "server writes each request's line to its log while it runs, without the token",
  async () => {
    const world = await createWorld();
    try {
      const server = await spawnCli(["server", "--profile=frank@concerts"], world.env());
      const stdout = await readUntil(server.stdout.getReader(), /Stop with Ctrl-C/);
      const url = /^ {2}AWS_CONTAINER_CREDENTIALS_FULL_URI=(\S+)$/m.exec(stdout)![1];
      const token = /^ {2}AWS_CONTAINER_AUTHORIZATION_TOKEN=(\S+)$/m.exec(stdout)![1];
      const right = await fetch(url, { headers: { Authorization: token } });
      assertEquals(right.status, 200);
      await right.body?.cancel();
      // A flood without the token: one line for the first, one with the count.
      for (let i = 0; i < 300; i++) await (await fetch(url)).body?.cancel();
      const logFile = `${world.home}/.local/state/vegas-credentials/vegas-credentials.log`;
      const deadline = Date.now() + 5_000;
      let log = "";
      while (!/ more requests refused/.test(log) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        log = await Deno.readTextFile(logFile).catch(() => "");
      }
      // Still running: the lines are there already.
      assertMatch(log, /: 200 credentials until/);
      assertMatch(log, /: 401 no token/);
      assertMatch(
        log,
        /server: \d+ more requests refused in the last second for profile frank@concerts: 401 no token/,
      );
      assertOk(log.split("\n").filter((line) => line.includes("401")).length < 20, log);
      assertOk(!log.includes(token));
      server.kill("SIGTERM");
      assertEquals((await server.status).code, 0);
      await server.stderr.cancel();
    } finally {
      await world.close();
    }
  },
);

linuxTest("server on a port in use, or a host not of this machine, is one line", async () => {
  const world = await createWorld();
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const port = (taken.addr as Deno.NetAddr).port;
    for (
      const [args, message] of [
        [
          ["--port", String(port)],
          `vegas-credentials: Cannot listen on 127.0.0.1:${port}: the port is in use by another program; pick another with --port, or leave --port out for a free one\n`,
        ],
        [
          ["--host", "no such host!"],
          /^vegas-credentials: Cannot listen on no such host!:\(a free port\) \(.+\); give --host an address of this machine, e\.g\. 127\.0\.0\.1 or 0\.0\.0\.0\n$/,
        ],
      ] as const
    ) {
      const server = await spawnCli(["server", "--profile=frank@concerts", ...args], world.env());
      const output = await server.output();
      const stderr = new TextDecoder().decode(output.stderr);
      assertEquals(output.code, 1, stderr);
      if (typeof message === "string") assertEquals(stderr, message);
      else assertMatch(stderr, message);
    }
  } finally {
    taken.close();
    await world.close();
  }
});
