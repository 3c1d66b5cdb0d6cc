/**
 * The hand-written ini parser must read every file exactly as the AWS SDKs' own loader does.
 */

import { loadSharedConfigFiles, parseKnownFiles } from "@smithy/shared-ini-file-loader";
import { configFileSections, type IniSections, parseIni } from "../../src/config/ini.ts";
import { loadSharedConfig } from "../../src/config/shared_config.ts";
import { assertEquals } from "../support/assert.ts";
import { fakeDeps } from "../support/fake_deps.ts";

type Plain = Record<string, Record<string, string>>;

function plain(sections: IniSections): Plain {
  const result: Plain = {};
  for (const [name, entries] of sections) {
    result[name] = Object.fromEntries([...entries].map(([key, { value }]) => [key, value]));
  }
  return result;
}

/** Tricky files: each is used as a config file and as a credentials file. */
const CORPUS: Record<string, string> = {
  "comments": `# leading comment
; another
[default] # comment after header
region = eu-west-1 ;comment after space
x = a#b
y = a;b
z = a #c
w = "quoted ; value"
`,
  "sub-sections": `[profile dev]
s3 =
  max_concurrent_requests = 10
  addressing_style = path
region = us-west-2
services =
	sts = x
`,
  "sub-section reset by unindented key": `[profile a]
s3 =
  one = 1
two = 2
  three = 3
`,
  "quotes kept": `[profile q]
role_session_name = "quoted"
external_id = 'single'
[profile "quoted name"]
a = 1
[profile 'single']
b = 2
`,
  "duplicates and repeated sections": `[profile dup]
region = us-east-1
region = eu-central-1
[profile other]
a = 1
[profile dup]
output = json
`,
  "profile default replaces default": `[default]
region = us-east-1
only_plain = yes
[profile default]
region = eu-west-3
`,
  "crlf":
    "[default]\r\nregion = ap-south-1\r\n\r\n[profile crlf]\r\nvegas_role_arn = arn:aws:iam::123456789012:role/x\r\n",
  "odd names": `[profile frank@concerts]
a = 1
[profile with.dots]
b = 2
[profile a+b=c%d:e/f]
c = 3
[profile has space]
d = 4
[ profile padded ]
e = 5
[profile   two-spaces]
f = 6
[unknownprefix name]
g = 7
[sso-session my-sso]
sso_region = us-east-1
[services my-services]
s3 =
  endpoint_url = http://localhost
[plain]
h = 8
[profile]
i = 9
`,
  "keys without values and stray lines": `stray = before any section
[profile s]
novalue
=startswithequals
key==double
 spaced key = spaced value
empty =
[broken header
after = broken
`,
  "tabs and whitespace": "[profile t]\n\tregion\t=\teu-north-1\t\n   \n",
  "empty sections": "[profile empty]\n[profile notempty]\na = 1\n",
  "case sensitivity": "[profile Case]\nRegion = x\nregion = y\n[profile case]\nregion = z\n",
};

for (const [name, text] of Object.entries(CORPUS)) {
  Deno.test(`ini parser reads "${name}" as the SDK does`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const configPath = `${dir}/config`;
      const credentialsPath = `${dir}/credentials`;
      await Deno.writeTextFile(configPath, text);
      await Deno.writeTextFile(credentialsPath, text);
      const sdk = await loadSharedConfigFiles({
        filepath: credentialsPath,
        configFilepath: configPath,
        ignoreCache: true,
      });
      const ours = parseIni(text).sections;
      assertEquals(plain(configFileSections(ours)), JSON.parse(JSON.stringify(sdk.configFile)));
      assertEquals(plain(ours), JSON.parse(JSON.stringify(sdk.credentialsFile)));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("merged config and credentials files match the SDK's parseKnownFiles, credentials winning", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const config = `[default]\nregion = eu-west-1\nmfa_serial = arn:aws:iam::111111111111:mfa/a\n` +
      `[profile dev]\nregion = us-east-1\naws_access_key_id = FROMCONFIG\n`;
    const credentials = `[default]\nregion = us-west-2\naws_access_key_id = AKIA1\n` +
      `[dev]\naws_access_key_id = FROMCREDENTIALS\n[profile dev]\nignored = yes\n`;
    await Deno.writeTextFile(`${dir}/config`, config);
    await Deno.writeTextFile(`${dir}/credentials`, credentials);
    const sdk = await parseKnownFiles({
      filepath: `${dir}/credentials`,
      configFilepath: `${dir}/config`,
      ignoreCache: true,
    });
    const ours = await loadSharedConfig(
      fakeDeps({
        env: {
          AWS_CONFIG_FILE: `${dir}/config`,
          AWS_SHARED_CREDENTIALS_FILE: `${dir}/credentials`,
        },
      }),
    );
    const merged: Plain = {};
    for (const [profile, settings] of ours.profiles) {
      merged[profile] = Object.fromEntries([...settings].map(([key, { value }]) => [key, value]));
    }
    assertEquals(merged, JSON.parse(JSON.stringify(sdk)));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** A small seeded PRNG so generated files are the same on every run. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const PIECES = [
  "[default]",
  "[profile a]",
  "[profile b.c]",
  "[profile default]",
  "[sso-session s]",
  "[services x]",
  "[x y]",
  "[profile a b]",
  "[profile 'q']",
  '[profile "q"]',
  "[b]",
  "[profile a",
  "region = r1",
  "region=r2",
  "  region = r3",
  "\tkey = v",
  "s3 =",
  "  nested = 1",
  "key = a ;c",
  "key = a;c",
  "key = a #c",
  "# full",
  "; full",
  "",
  "   ",
  "=x",
  "novalue",
  "a = b = c",
  "k = 'q'",
  "K = upper",
  'key = "x y"',
];

Deno.test("ini parser matches the SDK on 300 generated files", async () => {
  const random = prng(20261121);
  const dir = await Deno.makeTempDir();
  try {
    for (let file = 0; file < 300; file++) {
      const lineCount = 1 + Math.floor(random() * 14);
      const lines = Array.from(
        { length: lineCount },
        () => PIECES[Math.floor(random() * PIECES.length)],
      );
      const text = lines.join(random() < 0.2 ? "\r\n" : "\n");
      await Deno.writeTextFile(`${dir}/config`, text);
      const sdk = await loadSharedConfigFiles({
        filepath: `${dir}/config`,
        configFilepath: `${dir}/config`,
        ignoreCache: true,
      });
      const ours = parseIni(text).sections;
      assertEquals(
        plain(configFileSections(ours)),
        JSON.parse(JSON.stringify(sdk.configFile)),
        text,
      );
      assertEquals(plain(ours), JSON.parse(JSON.stringify(sdk.credentialsFile)), text);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
