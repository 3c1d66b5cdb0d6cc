import { TARGETS } from "../../scripts/build.ts";
import {
  homebrewFormula,
  parseSums,
  type ReleaseInfo,
  scoopManifest,
} from "../../scripts/manifests.ts";
import { assertEquals, assertStringIncludes, assertThrows } from "../support/assert.ts";

const SAMPLE = TARGETS.map((target, i) => {
  const exe = target.includes("windows") ? ".exe" : "";
  return `${String(i + 1).repeat(64)}  vegas-credentials-1.2.3-${target}${exe}`;
}).join("\n") + "\n";

const info: ReleaseInfo = {
  version: "1.2.3",
  baseUrl: "https://example.test/releases/download/",
  homepage: "https://example.test",
  sums: parseSums(SAMPLE),
};

Deno.test("the Homebrew formula names each macOS and Linux binary with its checksum", () => {
  const formula = homebrewFormula(info);
  assertStringIncludes(formula, 'version "1.2.3"');
  for (
    const [target, digit] of [["aarch64-apple-darwin", "4"], ["x86_64-apple-darwin", "3"], [
      "aarch64-unknown-linux-gnu",
      "2",
    ], ["x86_64-unknown-linux-gnu", "1"]]
  ) {
    assertStringIncludes(
      formula,
      `url "https://example.test/releases/download/v1.2.3/vegas-credentials-1.2.3-${target}"\n      sha256 "${
        digit.repeat(64)
      }"`,
    );
  }
  assertStringIncludes(
    formula,
    'bin.install Dir["vegas-credentials-*"].first => "vegas-credentials"',
  );
  assertStringIncludes(formula, 'license "Apache-2.0"');
});

Deno.test("the Scoop manifest names both Windows binaries with their checksums", () => {
  assertEquals(JSON.parse(scoopManifest(info)), {
    version: "1.2.3",
    description:
      "AWS credential_process helper: assume IAM roles with MFA and cache the credentials",
    homepage: "https://example.test",
    license: "Apache-2.0",
    architecture: {
      "64bit": {
        url:
          "https://example.test/releases/download/v1.2.3/vegas-credentials-1.2.3-x86_64-pc-windows-msvc.exe#/vegas-credentials.exe",
        hash: "5".repeat(64),
      },
      arm64: {
        url:
          "https://example.test/releases/download/v1.2.3/vegas-credentials-1.2.3-aarch64-pc-windows-msvc.exe#/vegas-credentials.exe",
        hash: "6".repeat(64),
      },
    },
    bin: "vegas-credentials.exe",
  });
});

Deno.test("a missing or malformed checksum is an error, not a manifest without one", () => {
  const partial = { ...info, sums: parseSums(SAMPLE.split("\n").slice(1).join("\n")) };
  assertThrows(
    () => homebrewFormula(partial),
    Error,
    /SHA256SUMS has no entry for vegas-credentials-1\.2\.3-x86_64-unknown-linux-gnu/,
  );
  assertThrows(() => parseSums("not a checksum line"), Error, /malformed line/);
});
