/**
 * A stand-in for an authenticator app, for use as `mfa_process`: prints the current TOTP code
 * of the base32 secret stored in the file named by the first argument. The secret itself never
 * appears in argv.
 *
 * @module
 */

import { totp } from "./totp.ts";

const file = Deno.args[0];
if (!file) {
  console.error("usage: authenticator.ts SECRET_FILE");
  Deno.exit(2);
}
console.log(totp((await Deno.readTextFile(file)).trim()));
