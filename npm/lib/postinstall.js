"use strict";
/**
 * Downloads the binary at install time where install scripts run. Where they do not (npm can be
 * told to skip them), the command downloads it on first use instead, so a failure here is only
 * a warning.
 */

const { ensureBinary } = require("./install.js");

ensureBinary({ log: (line) => console.error(line) }).catch((error) => {
  console.error(`vegas-credentials: ${error.message}`);
  console.error(
    "vegas-credentials: the download will be tried again the first time the command runs",
  );
});
