import { userInfo } from "node:os";
import { assertEquals } from "../support/assert.ts";
import { userFromPasswd } from "../../src/system/passwd_user.ts";
import { linuxTest } from "../support/platform.ts";

linuxTest("the name found in /etc/passwd is the one node:os reports", () => {
  const text = Deno.readTextFileSync("/etc/passwd");
  const uid = Deno.uid()!;
  assertEquals(userFromPasswd(text, uid), userInfo().username);
});

Deno.test("malformed, commented, NIS and missing lines give no name", () => {
  const text = "# comment\n+nis::::::\nbroken:x:1000\n:x:1000:1000::/:/bin/sh\n" +
    "frank:x:1000:1000:Frank:/home/frank:/bin/sh\nother:x:1000:1000::/:/bin/sh\n";
  assertEquals(userFromPasswd(text, 1000), "frank");
  assertEquals(userFromPasswd(text, 1001), undefined);
  assertEquals(userFromPasswd("", 0), undefined);
  assertEquals(userFromPasswd("root:x:0:0:root:/root:/bin/bash\r\n", 0), "root");
});
