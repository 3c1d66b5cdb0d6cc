import { startCredentialServer } from "../../src/server/credential_server.ts";
import { VegasError } from "../../src/errors.ts";
import { systemDeps } from "../../src/system_deps.ts";
import type { TemporaryCredentials } from "../../src/credential_types.ts";
import { assertEquals, assertOk } from "../support/assert.ts";

/** Credentials good until 2030, as a provider answers. */
const UNTIL_2030 = {
  accessKeyId: "ASIANEW",
  secretAccessKey: "s",
  sessionToken: "t",
  expiration: new Date(Date.UTC(2030, 0, 1)),
};

/** The route table of a server that serves `credentials` at `/` only. */
const onlyRoot = (credentials: () => Promise<TemporaryCredentials>) => (path: string) =>
  Promise.resolve(
    path === "/"
      ? { key: "/", roleArn: "", credentials }
      : { status: 404, code: "NotFound", message: "only /" },
  );

/** A log that keeps its lines in `lines`. */
const logInto = (lines: string[]) => ({
  info: (line: string) => void lines.push(line),
  flushSoon: () => {},
});

Deno.test("the endpoint answers 502 with a JSON message when the credentials cannot be had, and asks again next time", async () => {
  let calls = 0;
  const lines: string[] = [];
  const listener = await startCredentialServer({
    route: onlyRoot(() => {
      calls++;
      return calls === 1
        ? Promise.reject(new VegasError('Cannot reach AWS STS for profile "p"'))
        : Promise.resolve(UNTIL_2030);
    }),
    profile: "p",
    hostname: "127.0.0.1",
    port: 0,
    token: "the-token",
    log: logInto(lines),
  }, systemDeps());
  try {
    const url = `http://127.0.0.1:${listener.port}/`;
    const failed = await fetch(url, { headers: { Authorization: "the-token" } });
    assertEquals(failed.status, 502);
    assertEquals(await failed.json(), {
      code: "CredentialsUnavailable",
      message: 'Cannot reach AWS STS for profile "p"',
    });
    const ok = await fetch(url, { headers: { Authorization: "the-token" } });
    assertEquals((await ok.json()).Expiration, "2030-01-01T00:00:00Z");
    const post = await fetch(url, { method: "POST", headers: { Authorization: "the-token" } });
    assertEquals(post.status, 405);
    await post.body?.cancel();
    assertOk(lines.some((line) => line.includes("502")) && !lines.join().includes("the-token"));
  } finally {
    await listener.close();
  }
});

Deno.test("refused requests are collapsed to one line and a count a second", async () => {
  const lines: string[] = [];
  let now = 1_000_000;
  const listener = await startCredentialServer({
    route: onlyRoot(() => Promise.resolve(UNTIL_2030)),
    profile: "p",
    hostname: "127.0.0.1",
    port: 0,
    token: "the-token",
    log: logInto(lines),
  }, { ...systemDeps(), now: () => now });
  try {
    const url = `http://127.0.0.1:${listener.port}/`;
    for (let i = 0; i < 50; i++) await (await fetch(url)).body?.cancel();
    await (await fetch(url, { headers: { Authorization: "the-token" } })).body?.cancel();
    assertEquals(lines.length, 2, lines.join("\n"));
    assertOk(lines[0].endsWith(": 401 no token"), lines[0]);
    assertOk(lines[1].endsWith(": 200 credentials until 2030-01-01T00:00:00Z"), lines[1]);
    // The window's count is said when it ends; a refusal after it is said in full again.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assertOk(
      /: 49 more requests refused in the last second for profile p: 401 no token$/.test(lines[2]),
      lines[2],
    );
    now += 2000;
    await (await fetch(url, { headers: { Authorization: "wrong" } })).body?.cancel();
    assertOk(lines[3].endsWith(": 403 wrong token"), lines[3]);
  } finally {
    await listener.close();
  }
});

Deno.test("a port in use or an address not of this machine is one clear line", async () => {
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const options = {
      route: onlyRoot(() => Promise.reject(new Error("unused"))),
      profile: "p",
      token: "t",
      log: logInto([]),
    };
    const inUse = await startCredentialServer(
      { ...options, hostname: "127.0.0.1", port: (taken.addr as Deno.NetAddr).port },
      systemDeps(),
    ).then(() => undefined, (error) => error);
    assertOk(inUse instanceof VegasError);
    assertOk(
      /^Cannot listen on 127\.0\.0\.1:\d+: the port is in use by another program; pick another with --port, or leave --port out for a free one$/
        .test(inUse.message),
      inUse.message,
    );
    const foreign = await startCredentialServer(
      { ...options, hostname: "203.0.113.7", port: 0 },
      systemDeps(),
    ).then(() => undefined, (error) => error);
    assertOk(foreign instanceof VegasError);
    assertOk(
      /^Cannot listen on 203\.0\.113\.7:\(a free port\) \(.+\); give --host an address of this machine/
        .test(foreign.message),
      foreign.message,
    );
  } finally {
    taken.close();
  }
});
