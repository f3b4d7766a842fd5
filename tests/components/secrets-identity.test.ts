import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { runCourse } from "../support/run-course";
import { T, byName, inputsOf } from "../support/resources";

void describe("student secrets", () => {
  void test("course stack: one empty secret per student and configured name, labelled, never a version", async () => {
    const run = await runCourse({ stack: "course" });
    const secrets = byName(run, T.secret);
    assert.equal(secrets.size, 8);
    assert.deepEqual(inputsOf(run, T.secret, "s270001-secrets-mlops-e27-s270001-wandb-api-key"), {
      secretId: "mlops-e27-s270001-wandb-api-key",
      replication: { auto: {} },
      labels: { course: "mlops-e27", stack: "course", "managed-by": "course-cloud", student: "s270001" },
    });
    // The value is the student's to add: nothing of it is in the program or its state.
    assert.equal(byName(run, T.secretVersion).size, 0);
    for (const secret of secrets.values()) {
      assert.deepEqual(Object.keys(secret.inputs).sort(), ["labels", "replication", "secretId"], secret.name);
    }
  });

  void test("studentSecrets from config: every name for every student; none on the dev stack by default", async () => {
    const run = await runCourse({ stack: "dev", config: { studentSecrets: ["wandb-api-key", "hf-token"] } });
    assert.deepEqual(
      [...byName(run, T.secret).values()].map((s) => s.inputs.secretId).sort(),
      ["s000001", "s000002", "s000003"].flatMap((id) => [`mlops-dev-${id}-hf-token`, `mlops-dev-${id}-wandb-api-key`]),
    );
    assert.equal(byName(run, T.secretVersion).size, 0);
    const plain = await runCourse({ stack: "dev" });
    assert.equal(byName(plain, T.secret).size, 0);
  });
});

void describe("student service account", () => {
  void test("one per student, named after the course and the student, saying whose workloads it runs", async () => {
    const run = await runCourse({ stack: "course" });
    assert.equal(byName(run, T.account).size, 8);
    assert.deepEqual(inputsOf(run, T.account, "s270004-identity-sa"), {
      accountId: "mlops-e27-s270004",
      displayName: "Workloads of Nielsen, Dev",
      description: "VM, Vertex AI jobs and builds of student s270004",
    });
    // Without a name in the roster, the id stands in.
    const dev = await runCourse({ stack: "dev", roster: "id,email\ns000009,nine@example.edu\n" });
    assert.equal(inputsOf(dev, T.account, "s000009-identity-sa").displayName, "Workloads of s000009");
  });
});
