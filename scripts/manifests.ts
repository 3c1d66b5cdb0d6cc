/**
 * `deno task manifests`: writes the Homebrew formula and the Scoop manifest for a release from
 * its SHA256SUMS, so the package managers install exactly the binaries that were built.
 *
 *   deno task manifests --sums dist/SHA256SUMS --base-url URL [--homepage URL] [--out DIR]
 *
 * Assets are expected at `<base-url>/v<version>/<asset>`, as the release workflow uploads them.
 *
 * @module
 */

import { assetName } from "./build.ts";
import { VERSION } from "../src/version.ts";

const DESCRIPTION =
  "AWS credential_process helper: assume IAM roles with MFA and cache the credentials";

/** Parses SHA256SUMS (`<sha256>  <file>` lines) into a map from file to hash. */
export function parseSums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const match = /^([0-9a-f]{64})\s+\*?(\S+)$/.exec(line.trim());
    if (!match) throw new Error(`SHA256SUMS has a malformed line: "${line}"`);
    sums.set(match[2], match[1]);
  }
  return sums;
}

/** What both manifests need. */
export interface ReleaseInfo {
  version: string;
  baseUrl: string;
  homepage: string;
  sums: Map<string, string>;
}

function asset(info: ReleaseInfo, target: string): { url: string; sha256: string } {
  const name = assetName(target, info.version);
  const sha256 = info.sums.get(name);
  if (!sha256) throw new Error(`SHA256SUMS has no entry for ${name}`);
  return { url: `${info.baseUrl.replace(/\/+$/, "")}/v${info.version}/${name}`, sha256 };
}

/** The Homebrew formula (macOS and Linux, Intel and ARM). */
export function homebrewFormula(info: ReleaseInfo): string {
  const block = (target: string, indent: string) => {
    const { url, sha256 } = asset(info, target);
    return `${indent}url "${url}"\n${indent}sha256 "${sha256}"`;
  };
  return `class VegasCredentials < Formula
  desc "${DESCRIPTION}"
  homepage "${info.homepage}"
  license "Apache-2.0"
  version "${info.version}"

  on_macos do
    on_arm do
${block("aarch64-apple-darwin", "      ")}
    end
    on_intel do
${block("x86_64-apple-darwin", "      ")}
    end
  end

  on_linux do
    on_arm do
${block("aarch64-unknown-linux-gnu", "      ")}
    end
    on_intel do
${block("x86_64-unknown-linux-gnu", "      ")}
    end
  end

  def install
    bin.install Dir["vegas-credentials-*"].first => "vegas-credentials"
  end

  test do
    assert_match version.to_s, shell_output("#{bin}/vegas-credentials --version")
  end
end
`;
}

/** The Scoop manifest (Windows x64 and ARM64). */
export function scoopManifest(info: ReleaseInfo): string {
  const arch = (target: string) => {
    const { url, sha256 } = asset(info, target);
    return { url: `${url}#/vegas-credentials.exe`, hash: sha256 };
  };
  return JSON.stringify(
    {
      version: info.version,
      description: DESCRIPTION,
      homepage: info.homepage,
      license: "Apache-2.0",
      architecture: {
        "64bit": arch("x86_64-pc-windows-msvc"),
        arm64: arch("aarch64-pc-windows-msvc"),
      },
      bin: "vegas-credentials.exe",
    },
    null,
    2,
  ) + "\n";
}

async function main(args: string[]): Promise<void> {
  const value = (name: string) => {
    const index = args.indexOf(name);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const sumsPath = value("--sums") ?? "dist/SHA256SUMS";
  const baseUrl = value("--base-url");
  if (!baseUrl) {
    console.error(
      "manifests: --base-url is required, e.g. https://github.com/OWNER/vegas-credentials/releases/download",
    );
    Deno.exit(2);
  }
  const out = value("--out") ?? "dist";
  const info: ReleaseInfo = {
    version: VERSION,
    baseUrl,
    homepage: value("--homepage") ?? baseUrl.replace(/\/releases\/download\/?$/, ""),
    sums: parseSums(await Deno.readTextFile(sumsPath)),
  };
  try {
    await Deno.writeTextFile(`${out}/vegas-credentials.rb`, homebrewFormula(info));
    await Deno.writeTextFile(`${out}/vegas-credentials.json`, scoopManifest(info));
  } catch (error) {
    console.error(`manifests: ${(error as Error).message}`);
    Deno.exit(1);
  }
  console.error(`manifests: wrote ${out}/vegas-credentials.rb and ${out}/vegas-credentials.json`);
}

if (import.meta.main) await main(Deno.args);
