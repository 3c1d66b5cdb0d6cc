import { promptLabel } from "../../src/mfa/mfa_code.ts";
import { assertEquals } from "../support/assert.ts";

const request = {
  profileName: "frank@concerts",
  mfaSerial: "arn:aws:iam::111111111111:mfa/FrankSinatra",
  color: false,
};
const plain = { redact: (text: string) => text };
const hidden = { redact: (text: string) => text.replace(/\d{12}/, "***") };

Deno.test("the prompt names the other sources in play", () => {
  assertEquals(
    promptLabel(request, { dialog: false }, plain),
    "MFA code for frank@concerts (arn:aws:iam::111111111111:mfa/FrankSinatra): ",
  );
  assertEquals(
    promptLabel(request, { dialog: false }, hidden),
    "MFA code for frank@concerts (arn:aws:iam::***:mfa/FrankSinatra): ",
  );
  assertEquals(
    promptLabel(request, { yubikey: "YubiKey 12345678", dialog: false }, plain),
    "MFA code for frank@concerts — touch YubiKey 12345678 or type the code: ",
  );
  assertEquals(
    promptLabel(request, { yubikey: "YubiKey", dialog: true }, plain),
    "MFA code for frank@concerts — touch YubiKey, answer the dialog, or type the code: ",
  );
  assertEquals(
    promptLabel({ ...request, color: true }, { dialog: true }, plain),
    "\x1b[1mMFA code for frank@concerts — answer the dialog or type the code: \x1b[0m",
  );
});
