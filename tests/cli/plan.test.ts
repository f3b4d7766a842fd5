import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

const projectRoot = path.resolve(__dirname, "..", "..");

function plan(...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "cli/plan.ts", ...args], {
    cwd: projectRoot,
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test("npm run plan shows the dev stack's students, shared resources, cost and outputs", () => {
  const { code, stdout, stderr } = plan();
  assert.equal(code, 0, stderr);
  assert.match(
    stdout,
    /course-cloud plan for stack "dev": project course-cloud-sandbox, region europe-west1, 3 students/,
  );
  for (const id of ["s000001", "s000002", "s000003"]) {
    assert.match(stdout, new RegExp(`│ ${id} │ mlops-dev-${id} │ europe-west1-[bcd] │ e2-medium │ spot`));
  }
  assert.match(stdout, /│ Firewall\s+│ 1\s+│ mlops-dev-allow-iap-ssh/);
  assert.match(stdout, /\d+ cloud resources \([\d.]+ per student \+ \d+ shared\)/);
  assert.match(stdout, /Cost estimate \(list prices as of 2026-07-30, USD, before credits\)/);
  assert.match(
    stdout,
    /"ssh": "gcloud compute ssh mlops-dev-s000001 --zone europe-west1-[bcd] --project course-cloud-sandbox --tunnel-through-iap"/,
  );
  // Plain text: the report goes into files and pull-request comments.
  assert.equal(stdout.includes("\u001b["), false);
});

test("--json gives the registered resources, outputs and cost for the course stack", () => {
  const { code, stdout, stderr } = plan("--stack", "course", "--json");
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout) as {
    resources: { type: string; inputs: Record<string, unknown> }[];
    cost: { students: { student: string }[]; pricesAsOf: string };
    outputs: { students: Record<string, { trigger?: string }> };
    summary: { students: { student: string; machine: string }[] };
  };
  const vms = report.resources.filter((r) => r.type === "gcp:compute/instance:Instance");
  assert.equal(vms.length, 8);
  assert.equal(report.cost.students.length, 8);
  assert.equal(report.outputs.students.s270001?.trigger, "mlops-e27-s270001");
  assert.equal(report.outputs.students.s270007?.trigger, undefined);
  assert.equal(report.summary.students.find((s) => s.student === "s270005")?.machine, "g2-standard-4");
});

test("an invalid roster stops the plan with every problem and exit code 1", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
  const roster = path.join(dir, "roster.csv");
  fs.writeFileSync(roster, "id,email,gpu\ns1,s1@example.edu,\ns1,s1b@example.edu,\ns2,not-an-email,nvidia-t4\n");
  const { code, stdout, stderr } = plan("--roster", roster);
  assert.equal(code, 1);
  assert.equal(stdout, "");
  assert.match(stderr, /Invalid course input \(3 problems\); nothing was created/);
  assert.match(stderr, /roster\.csv:3: id: duplicate id "s1" \(first on line 2\)/);
  assert.match(stderr, /roster\.csv:4: email: "not-an-email" is not a valid email address/);
  assert.match(stderr, /roster\.csv:4: gpu: "nvidia-t4" is not a known accelerator type/);
});
