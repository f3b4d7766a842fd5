import assert from "node:assert/strict";
import { test } from "node:test";
import { bucketPublicAccessPrevention, bucketUniformAccess, bucketVersioning } from "../../policy/policies/storage";
import { T } from "../../policy/policies/support";
import { validateResource } from "./fake-engine";
import { studentBucket } from "./fixtures";

const bucket = (change: Record<string, unknown> = {}) => ({ type: T.bucket, props: { ...studentBucket(), ...change } });

test("a student bucket passes every storage policy", async () => {
  for (const policy of [bucketUniformAccess, bucketPublicAccessPrevention, bucketVersioning]) {
    assert.deepEqual(await validateResource(policy, bucket()), { violations: [] }, policy.name);
  }
});

test("bucket-uniform-access rejects fine-grained access", async () => {
  for (const value of [false, undefined]) {
    assert.deepEqual(
      (await validateResource(bucketUniformAccess, bucket({ uniformBucketLevelAccess: value }))).violations,
      ["uniform bucket-level access is off"],
    );
  }
});

test("bucket-public-access-prevention requires enforced", async () => {
  for (const value of ["inherited", undefined]) {
    assert.deepEqual(
      (await validateResource(bucketPublicAccessPrevention, bucket({ publicAccessPrevention: value }))).violations,
      ["public access prevention is not enforced"],
    );
  }
});

test("bucket-versioning requires object versioning", async () => {
  for (const value of [{ enabled: false }, undefined]) {
    assert.deepEqual((await validateResource(bucketVersioning, bucket({ versioning: value }))).violations, [
      "object versioning is off",
    ]);
  }
});
