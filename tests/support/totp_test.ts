import { assertEquals } from "./assert.ts";
import { requireProgram } from "./tools.ts";
import { base32Decode, base32Encode, newTotpSecret, totp } from "./totp.ts";
import { linuxTest } from "./platform.ts";

linuxTest("TOTP codes equal oathtool's for the same secret and time", async () => {
  const oathtool = await requireProgram("oathtool", "oathtool");
  for (let i = 0; i < 5; i++) {
    const secret = newTotpSecret();
    const seconds = 1_700_000_000 + i * 7_919;
    const output = await new Deno.Command(oathtool, {
      args: [
        "--totp",
        "-b",
        "--now",
        new Date(seconds * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC"),
        "-",
      ],
      stdin: "piped",
      stdout: "piped",
    }).spawn();
    const writer = output.stdin.getWriter();
    await writer.write(new TextEncoder().encode(secret + "\n"));
    await writer.close();
    const { stdout } = await output.output();
    assertEquals(totp(secret, seconds * 1000), new TextDecoder().decode(stdout).trim());
  }
});

linuxTest("TOTP matches the RFC 6238 SHA-1 test vector", () => {
  const secret = base32Encode(new TextEncoder().encode("12345678901234567890"));
  // RFC 6238 appendix B lists 8-digit codes; the last 6 digits are the 6-digit code.
  assertEquals(totp(secret, 59_000), "287082");
  assertEquals(totp(secret, 1_111_111_109_000), "081804");
  assertEquals(base32Decode(secret), new TextEncoder().encode("12345678901234567890"));
});
