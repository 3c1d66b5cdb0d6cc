import { startCredentialServer } from "../../src/server/credential_server.ts";
import { VegasError } from "../../src/errors.ts";
import { systemDeps } from "../../src/system_deps.ts";
import { assertEquals, assertOk } from "../support/assert.ts";

Deno.test("the endpoint answers 502 with a JSON message when the credentials cannot be had, and asks again next time", async () => {
  let calls = 0;
  const lines: string[] = [];
  const listener = await startCredentialServer({
    provider: () => {
      calls++;
      return calls === 1
        ? Promise.reject(new VegasError('Cannot reach AWS STS for profile "p"'))
        : Promise.resolve({
          accessKeyId: "ASIANEW",
          secretAccessKey: "s",
          sessionToken: "t",
          expiration: new Date(Date.UTC(2030, 0, 1)),
        });
    },
    profile: "p",
    hostname: "127.0.0.1",
    port: 0,
    token: "the-token",
    onRequest: (line) => lines.push(line),
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
