import { CredentialCache } from "../../src/cache/credential_cache.ts";
import { systemDeps } from "../../src/system_deps.ts";
import { assertOk } from "../support/assert.ts";
import { linuxTest } from "../support/platform.ts";

linuxTest("kill -9 in the middle of cache writes leaves no damaged entry", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const delay of [50, 170, 330]) {
      const writer = new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", new URL("../support/cache_writer.ts", import.meta.url).pathname, dir],
        stdout: "piped",
        stderr: "inherit",
      }).spawn();
      const reader = writer.stdout.getReader();
      await reader.read(); // "writing": the first entries exist
      await new Promise((resolve) => setTimeout(resolve, delay));
      writer.kill("SIGKILL");
      reader.releaseLock();
      await writer.stdout.cancel();
      await writer.status;
      const listed = await new CredentialCache(dir, systemDeps()).list();
      assertOk(listed.length > 0);
      for (const item of listed) assertOk(item.entry !== undefined, `entry ${item.key} is damaged`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
