/**
 * Opens a URL in the user's browser: `BROWSER`, else the system's opener (`open` on macOS,
 * `explorer` on Windows, `xdg-open` elsewhere), with the URL as its one argument (no shell).
 * Shared by `login` and `sso login`.
 *
 * @module
 */

import type { Deps } from "../deps.ts";
import { shown } from "../text/terminal_text.ts";

/** How long the opener may take to hand the URL over. */
const OPENER_TIMEOUT_MS = 30_000;

/**
 * Opens `url`; rejects with `failed(reason)` when there is no opener or it fails, the reason
 * saying which.
 */
export async function openInDefaultBrowser(
  deps: Pick<Deps, "env" | "os" | "findExecutable" | "runProcess">,
  url: string,
  failed: (reason: string) => Error,
): Promise<void> {
  const browser = deps.env("BROWSER") ||
    await deps.findExecutable(
      deps.os === "darwin" ? "open" : deps.os === "windows" ? "explorer" : "xdg-open",
    );
  if (!browser) throw failed("no browser to open it with (set BROWSER, or install xdg-open)");
  const result = await deps.runProcess(browser, [url], { timeoutMs: OPENER_TIMEOUT_MS });
  if (result.code !== 0) {
    throw failed(
      `the browser command "${shown(browser, 60)}" failed (${
        result.timedOut ? "timed out" : `exit code ${result.code}`
      })`,
    );
  }
}
