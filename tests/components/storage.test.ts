import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { runCourse, type CourseRun } from "../support/run-course";
import { T, byName, inputsOf } from "../support/resources";

void describe("student bucket (DVC remote) on the course stack", () => {
  let run: CourseRun;
  before(async () => {
    run = await runCourse({ stack: "course" });
  });

  void test("versioned, uniform access, public access prevention enforced, in the configured location", () => {
    const bucket = inputsOf(run, T.bucket, "s270001-storage-bucket");
    assert.deepEqual(bucket.versioning, { enabled: true });
    assert.equal(bucket.uniformBucketLevelAccess, true);
    assert.equal(bucket.publicAccessPrevention, "enforced");
    assert.equal(bucket.location, "EU");
    assert.equal(bucket.storageClass, "STANDARD");
    assert.equal(bucket.forceDestroy, false);
    assert.deepEqual(bucket.labels, {
      course: "mlops-e27",
      stack: "course",
      "managed-by": "course-cloud",
      student: "s270001",
    });
  });

  void test("name is <course>-<id>-<the student's own random suffix>", () => {
    const suffixes = byName(run, T.randomId);
    for (const id of ["s270001", "s270002", "s270007"]) {
      const suffix = suffixes.get(`${id}-storage-suffix`);
      assert.ok(suffix, `no random suffix for ${id}`);
      assert.deepEqual(suffix.inputs, { byteLength: 4 });
      const name = inputsOf(run, T.bucket, `${id}-storage-bucket`).name as string;
      assert.match(name, new RegExp(`^mlops-e27-${id}-[0-9a-f]{8}$`));
      assert.ok(name.length <= 63, `${name} is longer than Google allows`);
    }
    const names = [...byName(run, T.bucket).values()].map((b) => b.inputs.name);
    assert.equal(new Set(names).size, names.length, "bucket names collide");
  });

  void test("access is logged to the course's access-log bucket, under the student's prefix", () => {
    const logs = inputsOf(run, T.bucket, "course-access-logs");
    assert.match(logs.name as string, /^mlops-e27-access-logs-[0-9a-f]{8}$/);
    assert.deepEqual(inputsOf(run, T.bucket, "s270001-storage-bucket").logging, {
      logBucket: logs.name,
      logObjectPrefix: "mlops-e27-s270001",
    });
    assert.equal(logs.uniformBucketLevelAccess, true);
    assert.equal(logs.publicAccessPrevention, "enforced");
  });
});

void describe("bucket settings from config", () => {
  void test("the dev stack can delete buckets that hold objects", async () => {
    const run = await runCourse({ stack: "dev" });
    const bucket = inputsOf(run, T.bucket, "s000001-storage-bucket");
    assert.equal(bucket.forceDestroy, true);
    assert.match(bucket.name as string, /^mlops-dev-s000001-[0-9a-f]{8}$/);
  });

  void test("bucketLocation and forceDestroy are taken from config", async () => {
    const run = await runCourse({ stack: "course", config: { bucketLocation: "europe-west1", forceDestroy: true } });
    for (const bucket of byName(run, T.bucket).values()) {
      if (bucket.name === "course-access-logs") continue;
      assert.equal(bucket.inputs.location, "europe-west1", bucket.name);
      assert.equal(bucket.inputs.forceDestroy, true, bucket.name);
    }
  });
});
