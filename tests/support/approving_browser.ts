/**
 * A browser for tests and the demo that plays a user who approves every sign-in: it loads the
 * URL it is given (following redirects, as a browser would to the loopback callback) and, when
 * `APPROVING_BROWSER_LOG` is set, appends the URL to that file first.
 *
 * Usage: `deno run --allow-net=127.0.0.1 --allow-write --allow-env approving_browser.ts URL`
 *
 * @module
 */

const url = Deno.args[0];
const log = Deno.env.get("APPROVING_BROWSER_LOG");
if (log) await Deno.writeTextFile(log, url + "\n", { append: true });
try {
  const response = await fetch(url, { signal: AbortSignal.timeout(20_000) });
  await response.body?.cancel();
  Deno.exit(response.ok ? 0 : 1);
} catch (error) {
  console.error(`approving browser: ${(error as Error).message}`);
  Deno.exit(1);
}
