import {
  cacheDir,
  configFilePath,
  credentialsFilePath,
  displayPath,
  homeDir,
  logFilePath,
  trimTrailingSeparators,
} from "../../src/config/paths.ts";
import type { OsName } from "../../src/deps.ts";
import { assertEquals } from "../support/assert.ts";

const deps = (env: Record<string, string>, os: OsName = "linux") => ({
  env: (name: string) => env[name],
  os,
});

Deno.test("home is HOME, then USERPROFILE, then HOMEDRIVE and HOMEPATH", () => {
  assertEquals(homeDir(deps({ HOME: "/h", USERPROFILE: "C:\\u" })), "/h");
  assertEquals(homeDir(deps({ USERPROFILE: "C:\\u" })), "C:\\u");
  assertEquals(homeDir(deps({ HOMEDRIVE: "D:", HOMEPATH: "\\p" })), "D:\\p");
  assertEquals(homeDir(deps({ HOMEPATH: "\\p" })), "C:\\\\p");
});

Deno.test("AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE override the defaults; only ~/ expands", () => {
  assertEquals(configFilePath(deps({ HOME: "/h" })), "/h/.aws/config");
  assertEquals(credentialsFilePath(deps({ HOME: "/h" })), "/h/.aws/credentials");
  assertEquals(configFilePath(deps({ HOME: "/h", AWS_CONFIG_FILE: "~/cfg" })), "/h/cfg");
  assertEquals(configFilePath(deps({ HOME: "/h", AWS_CONFIG_FILE: "~other/cfg" })), "~other/cfg");
  assertEquals(
    credentialsFilePath(deps({ HOME: "/h", AWS_SHARED_CREDENTIALS_FILE: "/x/creds" })),
    "/x/creds",
  );
  assertEquals(
    configFilePath(deps({ USERPROFILE: "C:\\Users\\f" }, "windows")),
    "C:\\Users\\f\\.aws\\config",
  );
});

Deno.test("the log file lives in the state directory of each OS, XDG_STATE_HOME first", () => {
  assertEquals(
    logFilePath(deps({ HOME: "/h", XDG_STATE_HOME: "/s" })),
    "/s/vegas-credentials/vegas-credentials.log",
  );
  assertEquals(
    logFilePath(deps({ HOME: "/h" })),
    "/h/.local/state/vegas-credentials/vegas-credentials.log",
  );
  assertEquals(
    logFilePath(deps({ HOME: "/h" }, "darwin")),
    "/h/Library/Logs/vegas-credentials/vegas-credentials.log",
  );
  assertEquals(
    logFilePath(deps({ LOCALAPPDATA: "C:\\L" }, "windows")),
    "C:\\L\\vegas-credentials\\vegas-credentials.log",
  );
});

Deno.test("paths under home are shown with ~", () => {
  assertEquals(displayPath(deps({ HOME: "/h" }), "/h/.aws/config"), "~/.aws/config");
  assertEquals(displayPath(deps({ HOME: "/h" }), "/hx/.aws/config"), "/hx/.aws/config");
});

Deno.test("the cache lives in XDG_CACHE_HOME, else each OS's cache directory", () => {
  assertEquals(cacheDir(deps({ HOME: "/h", XDG_CACHE_HOME: "/c" })), "/c/vegas-credentials");
  assertEquals(cacheDir(deps({ HOME: "/h" })), "/h/.cache/vegas-credentials");
  assertEquals(cacheDir(deps({ HOME: "/h" }, "darwin")), "/h/Library/Caches/vegas-credentials");
  assertEquals(
    cacheDir(deps({ USERPROFILE: "C:\\Users\\f" }, "windows")),
    "C:\\Users\\f\\AppData\\Local\\vegas-credentials",
  );
});

Deno.test("trimTrailingSeparators strips as /[\\\\/]+$/ does", () => {
  for (const path of ["", "/", "//", "/home/zoë/", "C:\\Users\\x\\", "a/b\\/", "no-slash", "\\"]) {
    assertEquals(trimTrailingSeparators(path), path.replace(/[\\/]+$/, ""), JSON.stringify(path));
  }
});
