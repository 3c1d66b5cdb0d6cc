/**
 * A stand-in for `zenity --entry`: answers with the current TOTP code of the secret in
 * `FAKE_ZENITY_SECRET`, or is cancelled (exit 1), or waits until killed, per `FAKE_ZENITY_MODE`.
 * Appends its argv and pid to `FAKE_ZENITY_LOG`.
 *
 * @module
 */

import { totp } from "./totp.ts";

await Deno.writeTextFile(
  Deno.env.get("FAKE_ZENITY_LOG")!,
  JSON.stringify({ pid: Deno.pid, args: Deno.args }) + "\n",
  {
    append: true,
  },
);
const mode = Deno.env.get("FAKE_ZENITY_MODE") ?? "code";
if (mode === "cancel") Deno.exit(1);
if (mode === "hang") await new Promise(() => setInterval(() => {}, 1000));
console.log(totp((await Deno.readTextFile(Deno.env.get("FAKE_ZENITY_SECRET")!)).trim()));
