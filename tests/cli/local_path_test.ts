/** The install layout's `file:` URL to local path, on each kind of system. */

import { fileURLToPath } from "node:url";
import { localPath } from "../../src/cli/install_layout.ts";
import { assertEquals } from "../support/assert.ts";

Deno.test("file: URLs become local paths: POSIX, a Windows drive, a Windows share", () => {
  assertEquals(
    localPath(new URL("file:///home/frank/my%20repo/deno.json"), "linux"),
    "/home/frank/my repo/deno.json",
  );
  assertEquals(
    localPath(new URL("file:///C:/Users/Frank%20S/repo/deno.json"), "windows"),
    "C:\\Users\\Frank S\\repo\\deno.json",
  );
  assertEquals(
    localPath(new URL("file://server/share/repo/deno.json"), "windows"),
    "\\\\server\\share\\repo\\deno.json",
  );
  assertEquals(
    localPath(new URL("file:///Users/frank/100%25/deno.json"), "darwin"),
    "/Users/frank/100%/deno.json",
  );
});

Deno.test("on POSIX systems it agrees with node:url's fileURLToPath", () => {
  for (
    const url of [
      "file:///home/frank/deno.json",
      "file:///tmp/a%20b/%E2%9C%93/deno.json",
      "file:///x/%23hash%3F/deno.json",
    ]
  ) assertEquals(localPath(new URL(url), "linux"), fileURLToPath(url), url);
});
