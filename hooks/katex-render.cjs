// Renders TeX to HTML with KaTeX for the MkDocs build, so pages ship no math
// JavaScript. Protocol on stdin/stdout, one JSON document per line:
//   request:  {"items": [{"tex": "...", "display": true}, ...]}
//   response: {"results": [{"html": "..."} or {"error": "..."}, ...]}
// One process serves a whole build; it exits when stdin closes.
"use strict";

const readline = require("node:readline");
const katex = require("katex");

function render(item) {
  try {
    const html = katex.renderToString(item.tex, {
      displayMode: Boolean(item.display),
      // The HTML is what readers see, the MathML is what screen readers read.
      output: "htmlAndMathml",
      throwOnError: true,
      strict: "error",
      trust: false,
    });
    return { html };
  } catch (error) {
    return { error: String(error.message || error) };
  }
}

const lines = readline.createInterface({ input: process.stdin, terminal: false });
lines.on("line", (line) => {
  let request;
  try {
    request = JSON.parse(line);
  } catch (error) {
    process.stdout.write(JSON.stringify({ fatal: `invalid request: ${error.message}` }) + "\n");
    return;
  }
  const results = request.items.map(render);
  process.stdout.write(JSON.stringify({ results }) + "\n");
});
