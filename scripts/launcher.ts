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

/** The launcher that runs `command` (program and its arguments) on `os`. */
export function launcherText(os: typeof Deno.build.os, command: string[]): string {
  return os === "windows"
    ? `@echo off\r\n${command.map(batchQuoted).join(" ")} %*\r\n`
    : `#!/bin/sh\n# written by deno task install (vegas-credentials)\nexec ${
      command.map(shellQuoted).join(" ")
    } "$@"\n`;
}
