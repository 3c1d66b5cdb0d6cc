/**
 * `doctor`'s check of the browsers `login` opens: every `vegas_browser` value (and
 * `VEGAS_CREDENTIALS_BROWSER`) names a kind or a program that is installed, and the Firefox
 * container's colour and icon are ones the extension takes. One line per browser named, however
 * many profiles name it.
 *
 * @module
 */

import type { SharedConfig } from "../config/shared_config.ts";
import { browserProgram, containerLook, parseBrowserChoice } from "../console/browser.ts";
import type { Deps } from "../deps.ts";
import { shown } from "../text/terminal_text.ts";
import { fail, type Finding, ok } from "./finding.ts";

/** The browser settings of every profile (or only `only`), checked. */
export async function browserFindings(
  config: SharedConfig,
  deps: Deps,
  only?: string,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  // Each browser named, where, and how many profiles name it.
  const named = new Map<string, { where: string; count: number }>();
  const env = deps.env("VEGAS_CREDENTIALS_BROWSER");
  if (env) named.set(env, { where: "Environment variable VEGAS_CREDENTIALS_BROWSER", count: 0 });
  const lookErrors = new Set<string>();
  for (const [name, settings] of config.profiles) {
    if (only !== undefined && name !== only && name !== "default") continue;
    const value = settings.get("vegas_browser");
    if (value !== undefined) {
      const entry = named.get(value.value);
      if (entry && entry.count > 0) entry.count++;
      else {
        named.set(value.value, {
          where: `${value.file} line ${value.line}: profile "${
            shown(value.profile, 80)
          }": vegas_browser`,
          count: 1,
        });
      }
    }
    if (settings.has("vegas_browser_color") || settings.has("vegas_browser_icon")) {
      try {
        containerLook(config, name);
      } catch (error) {
        lookErrors.add((error as Error).message);
      }
    }
  }
  for (const message of lookErrors) {
    findings.push(fail(message, "pick one of the values the message lists"));
  }
  for (const [text, { where, count }] of named) {
    const label = `browser ${shown(text, 80)} (${
      count === 0
        ? "VEGAS_CREDENTIALS_BROWSER"
        : `vegas_browser of ${count} profile${count === 1 ? "" : "s"}`
    })`;
    let choice;
    try {
      choice = parseBrowserChoice(text, where);
    } catch (error) {
      findings.push(
        fail((error as Error).message, "set it to a kind the message lists, or a path"),
      );
      continue;
    }
    if (!choice || choice === "default") continue;
    const program = await browserProgram(
      choice,
      (program) => deps.findExecutable(program),
      async (path) => (await deps.lstat(path).catch(() => undefined)) !== undefined,
    );
    findings.push(
      program ? ok(`${label}: ${shown(program, 120)}`) : fail(
        `${label} is not installed`,
        "install it, or set vegas_browser to a browser you have (login --stdout prints the URL)",
      ),
    );
  }
  return findings;
}
