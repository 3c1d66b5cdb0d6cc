/**
 * The npm wrapper under Node.js, against a loopback HTTP server serving fake release assets:
 * download, verification against the SHA-256 list in the package, atomic install, and argv,
 * stdio and exit code passed through. Every failure is clear and leaves nothing behind.
 */

import { createHash } from "node:crypto";
import { assertEquals, assertMatch, assertOk } from "../support/assert.ts";
import { REPO_ROOT, runProgram } from "../support/installed_cli.ts";
import { requireProgram } from "../support/tools.ts";
import { linuxTest } from "../support/platform.ts";

const VERSION = JSON.parse(await Deno.readTextFile(`${REPO_ROOT}/npm/package.json`))
  .version as string;
const TARGETS: Record<string, string> = {
  "linux-x86_64": "x86_64-unknown-linux-gnu",
  "linux-aarch64": "aarch64-unknown-linux-gnu",
};
const ASSET = `vegas-credentials-${VERSION}-${TARGETS[`${Deno.build.os}-${Deno.build.arch}`]}`;
/** A stand-in for the binary: shows its arguments, writes to stderr, exits 7. */
const FAKE_BINARY = new TextEncoder().encode(
  '#!/bin/sh\necho "args: $*"\necho "to stderr" >&2\nexit 7\n',
);

interface Package {
  dir: string;
  close(): Promise<void>;
  requests: string[];
}

/** A copy of npm/ with SHA256SUMS for `sumOf`, and a server that answers per `serve`. */
async function fakeRelease(
  serve: (path: string) => Response,
  sumOf: Uint8Array = FAKE_BINARY,
): Promise<Package & { base: string }> {
  const dir = await Deno.makeTempDir({ prefix: "vegas-npm-" });
  await new Deno.Command("cp", { args: ["-r", `${REPO_ROOT}/npm/.`, dir] }).output();
  const sha = createHash("sha256").update(sumOf).digest("hex");
  await Deno.writeTextFile(
    `${dir}/SHA256SUMS`,
    `${"0".repeat(64)}  vegas-credentials-${VERSION}-other\n${sha}  ${ASSET}\n`,
  );
  const requests: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (request) => {
    const path = new URL(request.url).pathname;
    requests.push(path);
    return serve(path);
  });
  return {
    dir,
    requests,
    base: `http://127.0.0.1:${server.addr.port}/releases`,
    async close() {
      await server.shutdown();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

async function runWrapper(pkg: { dir: string }, base: string, args: string[]) {
  const node = await requireProgram("node", "nodejs");
  return runProgram(node, [`${pkg.dir}/bin/vegas-credentials.js`, ...args], {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    VEGAS_CREDENTIALS_DOWNLOAD_URL: base,
  });
}

async function vendorFiles(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(`${dir}/vendor`)) names.push(entry.name);
  } catch {
    // No vendor directory: nothing installed.
  }
  return names;
}

linuxTest(
  "the npm wrapper downloads, verifies and runs the binary, passing argv, stdio and exit code through",
  async () => {
    const release = await fakeRelease((path) =>
      path === `/releases/v${VERSION}/${ASSET}`
        ? new Response(FAKE_BINARY)
        : new Response("no", { status: 404 })
    );
    try {
      const first = await runWrapper(release, release.base, ["assume", "--profile=a b"]);
      assertEquals(first.code, 7);
      assertEquals(first.stdout, "args: assume --profile=a b\n");
      assertMatch(first.stderr, /installed .* \(SHA-256 verified\)\nto stderr\n$/);
      const second = await runWrapper(release, release.base, ["--version"]);
      assertEquals([second.code, second.stdout, second.stderr], [
        7,
        "args: --version\n",
        "to stderr\n",
      ]);
      assertEquals(release.requests.length, 1);
      assertEquals(await vendorFiles(release.dir), [ASSET]);
    } finally {
      await release.close();
    }
  },
);

linuxTest(
  "a binary that does not match the shipped SHA-256 is refused and not installed",
  async () => {
    const release = await fakeRelease(() =>
      new Response(new TextEncoder().encode("#!/bin/sh\necho evil\n"))
    );
    try {
      const result = await runWrapper(release, release.base, ["--version"]);
      assertEquals([result.code, result.stdout], [1, ""]);
      assertMatch(
        result.stderr,
        /vegas-credentials: the downloaded .* does not match the SHA-256 shipped in this package \(expected [0-9a-f]{64}, got [0-9a-f]{64}\); it was not installed\n$/,
      );
      assertEquals(await vendorFiles(release.dir), []);
    } finally {
      await release.close();
    }
  },
);

linuxTest("a missing release asset (404) and an unreachable server are clear errors", async () => {
  const release = await fakeRelease(() => new Response("Not Found", { status: 404 }));
  try {
    const missing = await runWrapper(release, release.base, []);
    assertEquals(missing.code, 1);
    assertMatch(
      missing.stderr,
      /cannot download http:\/\/127\.0\.0\.1:\d+\/releases\/v[\d.]+\/vegas-credentials-.*: HTTP 404 \(no such release asset\)\n$/,
    );
    const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (closed.addr as Deno.NetAddr).port;
    closed.close();
    const offline = await runWrapper(release, `http://127.0.0.1:${port}/releases`, []);
    assertEquals(offline.code, 1);
    assertMatch(
      offline.stderr,
      /cannot download .* \(connection refused\); check your network, or set VEGAS_CREDENTIALS_DOWNLOAD_URL to a mirror\n$/,
    );
    assertEquals(await vendorFiles(release.dir), []);
  } finally {
    await release.close();
  }
});

linuxTest("a download that breaks off leaves nothing installed", async () => {
  // A raw server that promises more bytes than it sends.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const serving = (async () => {
    for await (const connection of listener) {
      await connection.read(new Uint8Array(4096));
      await connection.write(
        new TextEncoder().encode("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n#!/bin/sh\n"),
      );
      connection.close();
    }
  })();
  const release = await fakeRelease(() => new Response("unused"));
  try {
    const result = await runWrapper(
      release,
      `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}/releases`,
      [],
    );
    assertEquals(result.code, 1);
    assertMatch(
      result.stderr,
      /vegas-credentials: (the download of .* broke off|the download of .* is incomplete)/,
    );
    assertEquals(await vendorFiles(release.dir), []);
  } finally {
    listener.close();
    await serving.catch(() => {});
    await release.close();
  }
});

linuxTest("an unsupported platform is named, with the way to install from source", async () => {
  const node = await requireProgram("node", "nodejs");
  const result = await runProgram(
    node,
    [
      "-e",
      `try { require(${
        JSON.stringify(`${REPO_ROOT}/npm/lib/platform.js`)
      }).assetFor("1.0.0", "sunos", "x64") } catch (e) { console.log(e.message) }`,
    ],
    { PATH: Deno.env.get("PATH") ?? "" },
  );
  assertMatch(
    result.stdout,
    /^vegas-credentials has no binary for sunos\/x64; the supported platforms are linux-x64, linux-arm64, darwin-x64, darwin-arm64, win32-x64, win32-arm64\. Install it from source instead: deno task install\n$/,
  );
});

linuxTest("the npm package has no runtime dependencies and ships its checksums", async () => {
  const pkg = JSON.parse(await Deno.readTextFile(`${REPO_ROOT}/npm/package.json`));
  assertEquals(pkg.dependencies, undefined);
  assertOk(pkg.files.includes("SHA256SUMS"));
  assertEquals(pkg.version, JSON.parse(await Deno.readTextFile(`${REPO_ROOT}/deno.json`)).version);
});
