/**
 * The MFA code typed into a GUI dialog: zenity or kdialog on Linux and BSD (when a display is
 * set), osascript on macOS, PowerShell on Windows. The dialog runs as an argument list in its own
 * process group, so losing the race closes it.
 *
 * @module
 */

import type { Deps } from "../deps.ts";
import { VegasError } from "../errors.ts";

/** A dialog command: program and arguments. */
export interface DialogCommand {
  program: string;
  args: string[];
}

const TITLE = "vegas-credentials";

function appleScriptString(text: string): string {
  return `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

function powerShellString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The dialog command for this system, or `undefined` when none can be shown. */
export async function dialogCommand(
  text: string,
  timeoutSeconds: number,
  deps: Pick<Deps, "os" | "env" | "findExecutable">,
): Promise<DialogCommand | undefined> {
  if (deps.os === "darwin") {
    const osascript = await deps.findExecutable("osascript");
    if (!osascript) return undefined;
    const script =
      `text returned of (display dialog ${appleScriptString(text)} default answer "" ` +
      `with title ${appleScriptString(TITLE)} giving up after ${timeoutSeconds})`;
    return { program: osascript, args: ["-e", script] };
  }
  if (deps.os === "windows") {
    const powershell = (await deps.findExecutable("powershell")) ??
      (await deps.findExecutable("pwsh"));
    if (!powershell) return undefined;
    const script = "Add-Type -AssemblyName Microsoft.VisualBasic; " +
      `[Microsoft.VisualBasic.Interaction]::InputBox(${powerShellString(text)}, ${
        powerShellString(TITLE)
      })`;
    return { program: powershell, args: ["-NoProfile", "-NonInteractive", "-Command", script] };
  }
  if (!deps.env("DISPLAY") && !deps.env("WAYLAND_DISPLAY")) return undefined;
  const zenity = await deps.findExecutable("zenity");
  if (zenity) {
    return {
      program: zenity,
      args: ["--entry", `--title=${TITLE}`, `--text=${text}`, `--timeout=${timeoutSeconds}`],
    };
  }
  const kdialog = await deps.findExecutable("kdialog");
  if (kdialog) return { program: kdialog, args: ["--title", TITLE, "--inputbox", text] };
  return undefined;
}

/** Shows the dialog and returns the code typed into it. */
export async function codeFromDialog(
  command: DialogCommand,
  deps: Pick<Deps, "runProcess">,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<string> {
  const result = await deps.runProcess(command.program, command.args, options);
  options.signal?.throwIfAborted();
  if (result.timedOut || result.code === 5) {
    throw new VegasError("the dialog was not answered in time");
  }
  if (result.code !== 0) throw new VegasError("the dialog was cancelled");
  const code = new TextDecoder().decode(result.stdout).replace(/[\s-]+/g, "");
  if (!/^\d{6}$/.test(code)) throw new VegasError("the dialog's answer was not a 6-digit code");
  return code;
}
