import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { accessTable } from "../infra/model/iam/access-table";
import { SETTINGS } from "../infra/settings/config-schema";

const root = path.resolve(__dirname, "..");
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");

test("the README's access table is the one the access model renders", () => {
  assert.ok(readme.includes(accessTable().trim()), "README.md: paste the output of accessTable() into 'Access model'");
});

test("the README documents every setting with its default", () => {
  // Table cells are padded by the formatter: compare the trimmed cells of each row.
  const rows = readme
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => line.split("|").map((cell) => cell.trim()));
  for (const [key, spec] of Object.entries(SETTINGS)) {
    const row = rows.find((cells) => cells[1] === `\`${key}\`` && cells[2] === spec.type);
    assert.ok(row, `README.md: the configuration table lacks ${key}`);
    assert.deepEqual(row.slice(2, 5), [spec.type, `\`${JSON.stringify(spec.default)}\``, spec.description], key);
  }
});

test("the README's two commands are the install-and-plan job and the test command CI runs", () => {
  assert.match(readme, /^npm ci && npm run plan /m);
  assert.match(readme, /^npm test /m);
  const ci = fs.readFileSync(path.join(root, ".ci", "run"), "utf8");
  assert.match(ci, /^npm ci\b/m);
  assert.match(ci, /^npm test$/m);
});
