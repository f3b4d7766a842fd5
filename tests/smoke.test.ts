import assert from "node:assert/strict";
import { test } from "node:test";
import { ofType, runCourse, runCourseExpectingFailure } from "./support/run-course";

test("smoke: course stack registers one VM per student", async () => {
  const run = await runCourse({ stack: "course" });
  assert.equal(ofType(run, "gcp:compute/instance:Instance").length, 8);
  assert.ok(run.options.some((o) => o.type === "gcp:compute/instance:Instance" && o.protect === true));
  const again = await runCourse({ stack: "dev" });
  assert.equal(ofType(again, "gcp:compute/instance:Instance").length, 3);
  const bad = await runCourseExpectingFailure({ stack: "dev", roster: "id,email\ns1,not-an-email\n" });
  assert.match(bad.error.message, /not a valid email/);
  assert.equal(bad.registered.length, 0);
});
