// Formats sources with the project's Prettier (default options) for the install-code
// tests. Prettier 3 loads as an ES module, which Jest's CommonJS runtime cannot import,
// so the tests talk to this process instead: one JSON request per line on stdin
// ({ id, source, parser }), one JSON reply per line on stdout ({ id, formatted | error }).
import { createInterface } from "node:readline";
import * as prettier from "prettier";

for await (const line of createInterface({ input: process.stdin })) {
  const { id, source, parser } = JSON.parse(line);
  let reply;
  try {
    reply = { id, formatted: await prettier.format(source, { parser }) };
  } catch (error) {
    reply = { id, error: String(error.message) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
}
