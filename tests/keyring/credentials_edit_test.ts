import { removeKeyLines } from "../../src/keyring/credentials_edit.ts";
import { parseIni } from "../../src/config/ini.ts";
import { assertEquals } from "../support/assert.ts";

const FILE = "# my keys\r\n[other]\r\naws_access_key_id = AKIAOTHER\r\n\r\n[default] ; main\r\n" +
  "region = eu-west-1\r\naws_access_key_id=AKIAFIRST\r\n  aws_secret_access_key = s3cret # note\r\n" +
  "[x]\r\nk = v\r\n[default]\r\naws_access_key_id = AKIALAST\r\n";

Deno.test("migrate's edit removes exactly one profile's key lines, every other byte kept", () => {
  const edit = removeKeyLines(FILE, "default");
  if (typeof edit === "string") throw new Error(edit);
  assertEquals(edit.accessKeyId, "AKIALAST");
  assertEquals(edit.secretAccessKey, "s3cret");
  assertEquals(edit.lines, [7, 8, 12]);
  assertEquals(
    edit.text,
    "# my keys\r\n[other]\r\naws_access_key_id = AKIAOTHER\r\n\r\n[default] ; main\r\n" +
      "region = eu-west-1\r\n[x]\r\nk = v\r\n[default]\r\n",
  );
  // The values are those the SDK's parser reads.
  const sections = parseIni(FILE).sections.get("default")!;
  assertEquals(sections.get("aws_access_key_id")?.value, edit.accessKeyId);
  assertEquals(sections.get("aws_secret_access_key")?.value, edit.secretAccessKey);
});

Deno.test("migrate's edit refuses what it cannot move", () => {
  assertEquals(
    removeKeyLines("[a]\nregion = x\n", "a"),
    "it has no aws_access_key_id or aws_secret_access_key lines",
  );
  assertEquals(
    removeKeyLines("[a]\naws_access_key_id = A\n", "a"),
    "it has no aws_secret_access_key line",
  );
  assertEquals(
    removeKeyLines(
      "[a]\naws_access_key_id = A\naws_secret_access_key = B\naws_session_token = T\n",
      "a",
    ),
    "it also has aws_session_token: its keys are temporary, and would expire in the keyring",
  );
  const last = removeKeyLines("[a]\naws_access_key_id = A\naws_secret_access_key = B", "a");
  assertEquals(typeof last === "string" ? last : last.text, "[a]\n");
});

Deno.test("[default] and [ default ] are two profiles: migrate's edit takes only the one named", () => {
  const file = "[default]\naws_access_key_id = AKIAPLAIN\naws_secret_access_key = plain\n" +
    "[ default ]\naws_access_key_id = AKIASPACED\naws_secret_access_key = spaced\n";
  const edit = removeKeyLines(file, "default");
  if (typeof edit === "string") throw new Error(edit);
  assertEquals([edit.accessKeyId, edit.secretAccessKey, edit.lines], ["AKIAPLAIN", "plain", [
    2,
    3,
  ]]);
  assertEquals(
    edit.text,
    "[default]\n[ default ]\naws_access_key_id = AKIASPACED\naws_secret_access_key = spaced\n",
  );
  // As the SDK's parser reads the file.
  const sections = parseIni(file).sections;
  assertEquals(sections.get("default")?.get("aws_access_key_id")?.value, "AKIAPLAIN");
  assertEquals(sections.get(" default ")?.get("aws_access_key_id")?.value, "AKIASPACED");
});
