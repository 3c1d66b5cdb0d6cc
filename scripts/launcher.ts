/**
 * The text of the installed command's launcher: a POSIX shell script, or a Windows batch file,
 * that runs `command` with the launcher's own arguments after it.
 *
 * @module
 */

/** Quotes `arg` for /bin/sh: single quotes, each `'` inside closed, escaped and reopened. */
function shellQuoted(arg: string): string {
  return `'${arg.replaceAll("'", "'\\''")}'`;
}

/**
 * Quotes `arg` for cmd.exe: double quotes (a Windows path cannot hold `"`), with `%` doubled,
 * which a batch file would otherwise expand as a variable.
 */
function batchQuoted(arg: string): string {
  return `"${arg.replaceAll("%", "%%")}"`;
}

/** For text after `echo` in a batch file: cmd.exe's special characters escaped. */
function batchEchoed(text: string): string {
  return text.replace(/[\^&|<>()]/g, "^$&").replaceAll("%", "%%");
}

/** The one line a launcher prints when a file it runs is gone. */
function goneLine(path: string): string {
  return `vegas-credentials: ${path} no longer exists; install again: run "deno task install" ` +
    `in the vegas-credentials checkout`;
}

/**
 * The launcher that runs `command` (program and its arguments) on `os`, a shell script run by
 * `shell` elsewhere than on Windows. It first checks that each of `needs` (the Deno binary, the
 * bundle) still exists: a Deno from npx's cache can be cleaned away, a checkout moved. A missing
 * one is one line on stderr and exit code 1, instead of the shell's or Deno's own words.
 */
export function launcherText(
  os: typeof Deno.build.os,
  command: string[],
  shell = "/bin/sh",
  needs: string[] = [],
): string {
  if (os === "windows") {
    const checks = needs.map((path) =>
      `if not exist ${batchQuoted(path)} (echo ${batchEchoed(goneLine(path))} 1>&2 & exit /b 1)\r\n`
    );
    return `@echo off\r\n${checks.join("")}${command.map(batchQuoted).join(" ")} %*\r\n`;
  }
  const checks = needs.map((path) =>
    `[ -e ${shellQuoted(path)} ] || { printf '%s\\n' ${
      shellQuoted(goneLine(path))
    } >&2; exit 1; }\n`
  );
  return `#!${shell}\n# written by deno task install (vegas-credentials)\n${checks.join("")}exec ${
    command.map(shellQuoted).join(" ")
  } "$@"\n`;
}

/** Where the system's dash is: Debian and Ubuntu (as /bin/sh too), macOS since 10.15. */
const DASH_PATHS = ["/bin/dash", "/usr/bin/dash"];

/** Whether `path` is a regular file owned by root that no one else may change. */
function systemFile(path: string): boolean {
  try {
    const info = Deno.statSync(path);
    return info.isFile && info.uid === 0 && ((info.mode ?? 0) & 0o022) === 0;
  } catch {
    return false;
  }
}

/**
 * The shell for the launcher: the system's dash where there is one, since it starts in about
 * half the time of bash (~0.8 ms against ~1.6 ms here), which is /bin/sh on macOS and Fedora;
 * else /bin/sh. Every AWS command pays this start. Only a root-owned dash that no one else can
 * write is taken: it runs on every AWS command.
 */
export function launcherShell(usable: (path: string) => boolean = systemFile): string {
  return DASH_PATHS.find(usable) ?? "/bin/sh";
}
