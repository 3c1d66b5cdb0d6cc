/**
 * Which browser `login` opens the console in, so that consoles of several accounts can be open
 * side by side: a Firefox container per profile (the "Open external links in a container"
 * extension's `ext+container:` URL), or a Chromium-family browser with a user data directory of
 * its own per profile; else the default browser, as before. Chosen by `vegas_browser` (the
 * profile's, else `[default]`'s), else `VEGAS_CREDENTIALS_BROWSER`. Pure: programs are looked
 * up through the function passed in, and the sign-in URL becomes one argument, never shell text.
 *
 * @module
 */

import type { ConfigValue, SharedConfig } from "../config/shared_config.ts";
import { ConfigError } from "../errors.ts";
import { sha256Hex } from "../text/sha256_hex.ts";
import { shown } from "../text/terminal_text.ts";

/** The browser kinds `vegas_browser` names; anything else must be a path to a program. */
export const BROWSER_KINDS = [
  "default",
  "firefox-container",
  "chromium",
  "chrome",
  "brave",
  "edge",
] as const;

/** A kind, or a program given by its path. */
export type BrowserChoice = (typeof BROWSER_KINDS)[number] | { path: string };

/** The programs of each kind, as found on PATH, then where macOS installs the app. */
const PROGRAMS: Record<string, { names: string[]; mac: string }> = {
  "firefox-container": {
    names: ["firefox"],
    mac: "/Applications/Firefox.app/Contents/MacOS/firefox",
  },
  chromium: {
    names: ["chromium", "chromium-browser"],
    mac: "/Applications/Chromium.app/Contents/MacOS/Chromium",
  },
  chrome: {
    names: ["google-chrome", "google-chrome-stable", "chrome"],
    mac: "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  },
  brave: {
    names: ["brave-browser", "brave"],
    mac: "/Applications/Brave Browser.app/Contents/MacOS/Brave Browser",
  },
  edge: {
    names: ["microsoft-edge", "microsoft-edge-stable", "msedge"],
    mac: "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
  },
};

/** The colours and icons the Firefox extension takes. */
const CONTAINER_COLORS = [
  "blue",
  "turquoise",
  "green",
  "yellow",
  "orange",
  "red",
  "pink",
  "purple",
];
const CONTAINER_ICONS = [
  "fingerprint",
  "briefcase",
  "dollar",
  "cart",
  "circle",
  "gift",
  "vacation",
  "food",
  "fruit",
  "pet",
  "tree",
  "chill",
  "fence",
];

/** The setting `key` of `profile`, else of `[default]`. */
function setting(config: SharedConfig, profile: string, key: string): ConfigValue | undefined {
  return config.profiles.get(profile)?.get(key) ?? config.profiles.get("default")?.get(key);
}

/** A value checked against `allowed`, or a config error naming its file, line and the list. */
function oneOf(value: ConfigValue, key: string, allowed: readonly string[]): string {
  if (allowed.includes(value.value)) return value.value;
  throw new ConfigError(
    `${value.file} line ${value.line}: profile "${shown(value.profile, 80)}": ${key} "${
      shown(value.value, 40)
    }" is not one of ${allowed.join(", ")}`,
  );
}

/** The browser for `profile`, or `undefined` when none is set (the default browser, as before). */
export function browserChoice(
  config: SharedConfig,
  profile: string,
  env: (name: string) => string | undefined,
): BrowserChoice | undefined {
  const configured = setting(config, profile, "vegas_browser");
  const text = configured?.value ?? env("VEGAS_CREDENTIALS_BROWSER");
  if (!text) return undefined;
  return parseBrowserChoice(
    text,
    configured
      ? `${configured.file} line ${configured.line}: profile "${
        shown(configured.profile, 80)
      }": vegas_browser`
      : "Environment variable VEGAS_CREDENTIALS_BROWSER",
  );
}

/** A `vegas_browser` value: a kind, or a path; `where` names its place in the error. */
export function parseBrowserChoice(text: string, where: string): BrowserChoice {
  if ((BROWSER_KINDS as readonly string[]).includes(text)) {
    return text as (typeof BROWSER_KINDS)[number];
  }
  if (/[\\/]/.test(text)) return { path: text };
  throw new ConfigError(
    `${where} "${shown(text, 60)}" is neither one of ${BROWSER_KINDS.join(", ")} nor the path ` +
      `of a browser program`,
  );
}

/** Finds the program of a kind: on PATH, else the macOS app; `undefined` when there is none. */
export async function browserProgram(
  choice: Exclude<BrowserChoice, "default">,
  find: (name: string) => Promise<string | undefined>,
  exists: (path: string) => Promise<boolean>,
): Promise<string | undefined> {
  if (typeof choice === "object") return (await exists(choice.path)) ? choice.path : undefined;
  const { names, mac } = PROGRAMS[choice];
  for (const name of names) {
    const found = await find(name);
    if (found) return found;
  }
  return (await exists(mac)) ? mac : undefined;
}

/**
 * The directory of `profile`'s own browser data under `base`: readable, safe in any file system
 * and on any command line, and one per profile name (a hash tells apart names made alike).
 */
export async function profileDataDir(base: string, profile: string): Promise<string> {
  const readable = profile.replace(/[^A-Za-z0-9@._-]/g, "_").slice(0, 48);
  return `${base}/${readable}-${(await sha256Hex(profile)).slice(0, 12)}`;
}

/**
 * The Firefox container's colour and icon for `profile` (`vegas_browser_color`,
 * `vegas_browser_icon`), each checked against what the extension takes.
 */
export function containerLook(
  config: SharedConfig,
  profile: string,
): { color?: string; icon?: string } {
  const color = setting(config, profile, "vegas_browser_color");
  const icon = setting(config, profile, "vegas_browser_icon");
  return {
    color: color && oneOf(color, "vegas_browser_color", CONTAINER_COLORS),
    icon: icon && oneOf(icon, "vegas_browser_icon", CONTAINER_ICONS),
  };
}

/** What to start: the program's arguments for `choice`, the URL always one whole argument. */
export function browserArgs(
  choice: Exclude<BrowserChoice, "default">,
  url: string,
  options: { profile: string; dataDir?: string; config: SharedConfig },
): string[] {
  if (choice === "firefox-container") {
    const params = new URLSearchParams({ name: options.profile, url });
    const { color, icon } = containerLook(options.config, options.profile);
    if (color) params.set("color", color);
    if (icon) params.set("icon", icon);
    // The extension reads name=…&url=… with the values percent-encoded.
    return [`ext+container:${params.toString().replaceAll("+", "%20")}`];
  }
  if (typeof choice === "object") return [url];
  return [`--user-data-dir=${options.dataDir}`, "--no-first-run", url];
}
