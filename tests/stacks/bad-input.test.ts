import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { PROJECT_ROOT, runCourseExpectingFailure, type RunCourseOptions } from "../support/run-course";

/**
 * Every class of bad input stops the program before it registers a single resource, with a message naming the
 * file, the line and the field (where the problem has them) and the rule broken.
 */

async function failing(options: RunCourseOptions) {
  const failure = await runCourseExpectingFailure(options);
  assert.deepEqual(
    failure.registered.map((r) => `${r.type} ${r.name}`),
    [],
    "resources were registered before the input was rejected",
  );
  assert.match(failure.error.message, /^Invalid course input \(\d+ problems?\); nothing was created:\n/);
  return { message: failure.error.message, roster: failure.rosterFile };
}

/** The message lists `- <where>: <problem>`; `line` is the problem line that starts with `where`. */
function problemLine(message: string, where: string): string {
  const line = message.split("\n").find((l) => l.startsWith(`  - ${where}`));
  assert.ok(line, `no problem at ${where} in:\n${message}`);
  return line.slice(4);
}

/** Line of `key` in a committed stack file, as an editor numbers it. */
function lineInStackFile(stack: string, key: string): number {
  const lines = fs.readFileSync(path.join(PROJECT_ROOT, `Pulumi.${stack}.yaml`), "utf8").split("\n");
  const index = lines.findIndex((l) => l.trimStart().startsWith(`${key}:`));
  assert.ok(index >= 0, `${key} is not in Pulumi.${stack}.yaml`);
  return index + 1;
}

void describe("bad roster", () => {
  void test("missing required column", async () => {
    const { message, roster } = await failing({ stack: "dev", roster: "id,name\ns000001,Ada\n" });
    assert.match(
      problemLine(message, `${roster}:1: email:`),
      /required column is missing \(accepted names: email, .*\); header is: id,name$/,
    );
  });

  void test("empty roster", async () => {
    const { message, roster } = await failing({ stack: "dev", roster: "" });
    assert.match(problemLine(message, `${roster}:1:`), /the roster is empty: it needs a header row/);
  });

  void test("roster with a header and no students", async () => {
    const { message, roster } = await failing({ stack: "dev", roster: "id,email\n" });
    assert.match(problemLine(message, `${roster}:1:`), /the roster has no students/);
  });

  void test("duplicate id, ids being case-insensitive", async () => {
    const { message, roster } = await failing({
      stack: "dev",
      roster: "id,email\ns000001,a@example.edu\nS000001,b@example.edu\n",
    });
    assert.equal(problemLine(message, `${roster}:3:`), `${roster}:3: id: duplicate id "s000001" (first on line 2)`);
  });

  void test("duplicate email, emails being case-insensitive", async () => {
    const { message, roster } = await failing({
      stack: "dev",
      roster: "id,email\ns000001,a@example.edu\ns000002,A@Example.edu\n",
    });
    assert.equal(
      problemLine(message, `${roster}:3:`),
      `${roster}:3: email: duplicate email "a@example.edu" (first on line 2)`,
    );
  });

  void test("malformed email", async () => {
    const { message, roster } = await failing({ stack: "dev", roster: "id,email\ns000001,a-at-example.edu\n" });
    assert.equal(
      problemLine(message, `${roster}:2:`),
      `${roster}:2: email: "a-at-example.edu" is not a valid email address`,
    );
  });

  void test("id that cannot become a cloud name", async () => {
    const { message, roster } = await failing({ stack: "dev", roster: "id,email\ns_0001,a@example.edu\n" });
    assert.match(problemLine(message, `${roster}:2: id:`), /"s_0001" cannot become a cloud name/);
  });

  void test("id too long for a service account name", async () => {
    const { message, roster } = await failing({
      stack: "dev",
      roster: "id,email\ns0000010000000000000000000,a@example.edu\n",
    });
    assert.match(problemLine(message, `${roster}:2: id:`), /service account id .* Google allows 6-30/);
  });

  void test("unknown GPU type", async () => {
    const { message, roster } = await failing({
      stack: "dev",
      roster: "id,email,gpu\ns000001,a@example.edu,nvidia-tesla-x9\n",
    });
    assert.match(
      problemLine(message, `${roster}:2: gpu:`),
      /"nvidia-tesla-x9" is not a known accelerator type; known: .*nvidia-tesla-t4.*nvidia-l4/,
    );
  });

  void test("repo that is not owner/name", async () => {
    const { message, roster } = await failing({
      stack: "dev",
      roster: "id,email,repo\ns000001,a@example.edu,not a repo\n",
    });
    assert.match(problemLine(message, `${roster}:2: repo:`), /"not a repo" must be owner\/name of a GitHub repository/);
  });

  void test("three different errors are all reported in one message", async () => {
    const { message, roster } = await failing({
      stack: "dev",
      roster: "id,email,repo\ns000001,bad-email,\ns_2,b@example.edu,\ns000003,c@example.edu,no-slash\n",
    });
    assert.match(message, /^Invalid course input \(3 problems\)/);
    assert.match(problemLine(message, `${roster}:2: email:`), /"bad-email" is not a valid email address/);
    assert.match(problemLine(message, `${roster}:3: id:`), /"s_2" cannot become a cloud name/);
    assert.match(problemLine(message, `${roster}:4: repo:`), /"no-slash" must be owner\/name/);
  });
});

void describe("bad config", () => {
  const stackFile = (extra: string) =>
    [
      "config:",
      "  gcp:project: course-cloud-sandbox",
      "  gcp:region: europe-west1",
      "  course-cloud:courseId: mlops-dev",
      "  course-cloud:roster: stacks/rosters/dev.csv",
      "  course-cloud:machineType: e2-medium",
      "  course-cloud:gpu: none",
      "  course-cloud:githubConnection: github",
      extra,
      "",
    ].join("\n");

  void test("unknown key, at its line in the stack file", async () => {
    const { message } = await failing({ stack: "badkey", stackFile: stackFile("  course-cloud:gpuType: nvidia-l4") });
    assert.match(problemLine(message, "Pulumi.badkey.yaml:9: course-cloud:gpuType:"), /unknown setting/);
  });

  void test("value of the wrong type", async () => {
    const line = lineInStackFile("course", "course-cloud:gpuCount");
    const { message } = await failing({ stack: "course", config: { gpuCount: "two" } });
    assert.equal(
      problemLine(message, `Pulumi.course.yaml:${line}:`),
      `Pulumi.course.yaml:${line}: course-cloud:gpuCount: "two" is not an integer`,
    );
  });

  void test("GPU that cannot attach to the machine type, with what would work", async () => {
    // The message asks to change the machine type, so it points at that line.
    const line = lineInStackFile("course", "course-cloud:machineType");
    const { message } = await failing({ stack: "course", config: { gpu: "nvidia-l4" } });
    assert.equal(
      problemLine(message, `Pulumi.course.yaml:${line}:`),
      `Pulumi.course.yaml:${line}: course-cloud:machineType: nvidia-l4 is built into g2-standard-*; set machineType to g2-standard-4 and drop the accelerator`,
    );
  });

  void test("missing gcp:project (not in the file, so no line to point at)", async () => {
    const text = stackFile("").replace("  gcp:project: course-cloud-sandbox\n", "");
    const { message } = await failing({ stack: "noproject", stackFile: text });
    assert.match(
      problemLine(message, "Pulumi.noproject.yaml: gcp:project:"),
      /is required; set it with: pulumi config set gcp:project .* --stack noproject$/,
    );
  });

  void test("GPU quota exceeded, naming the quota metric to raise", async () => {
    const line = lineInStackFile("course", "course-cloud:gpuQuota");
    const { message } = await failing({
      stack: "course",
      config: { gpuQuota: ["GPUS_ALL_REGIONS=4", "NVIDIA_T4_GPUS@europe-west1=16", "NVIDIA_L4_GPUS@europe-west1=4"] },
    });
    const problem = problemLine(message, `Pulumi.course.yaml:${line}: course-cloud:gpuQuota:`);
    // Six T4s and one L4: the spot T4 counts against the global quota too.
    assert.match(problem, /GPUS_ALL_REGIONS/);
    assert.match(problem, /\b7\b/);
    assert.match(problem, /\b4\b/);
  });

  void test("config and roster problems come together", async () => {
    const { message, roster } = await failing({
      stack: "badboth",
      stackFile: stackFile("  course-cloud:gpuCount: many"),
      roster: "id,email\ns000001,nope\n",
    });
    assert.match(message, /^Invalid course input \(2 problems\)/);
    assert.match(problemLine(message, "Pulumi.badboth.yaml:9: course-cloud:gpuCount:"), /"many" is not an integer/);
    assert.match(problemLine(message, `${roster}:2: email:`), /is not a valid email address/);
  });
});
