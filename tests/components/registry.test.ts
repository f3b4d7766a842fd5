import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { runCourse } from "../support/run-course";
import { T, byName, inputsOf } from "../support/resources";

function expectedRepository(courseId: string, stack: string, student: string, keep: number) {
  return {
    repositoryId: `${courseId}-${student}`,
    location: "europe-west1",
    format: "DOCKER",
    description: "Docker images of one student",
    cleanupPolicyDryRun: false,
    cleanupPolicies: [
      { id: "keep-most-recent", action: "KEEP", mostRecentVersions: { keepCount: keep } },
      { id: "delete-older", action: "DELETE", condition: { tagState: "ANY" } },
    ],
    labels: { course: courseId, stack, "managed-by": "course-cloud", student },
  };
}

void describe("student Docker repository", () => {
  void test("course stack: Docker, in the course region, keeps the 5 most recent versions and deletes the rest", async () => {
    const run = await runCourse({ stack: "course" });
    assert.deepEqual(
      inputsOf(run, T.dockerRepository, "s270003-registry-repository"),
      expectedRepository("mlops-e27", "course", "s270003", 5),
    );
    // Every student has one, including the one without a GitHub repository.
    assert.deepEqual(
      [...byName(run, T.dockerRepository).keys()].sort(),
      ["s270001", "s270002", "s270003", "s270004", "s270005", "s270006", "s270007", "s270008"].map(
        (id) => `${id}-registry-repository`,
      ),
    );
  });

  void test("dev stack, with keepImageVersions and the region from config", async () => {
    const run = await runCourse({ stack: "dev", config: { keepImageVersions: 2 } });
    assert.deepEqual(
      inputsOf(run, T.dockerRepository, "s000002-registry-repository"),
      expectedRepository("mlops-dev", "dev", "s000002", 2),
    );
    const other = await runCourse({ stack: "dev", config: { "gcp:region": "europe-west4" } });
    assert.equal(inputsOf(other, T.dockerRepository, "s000002-registry-repository").location, "europe-west4");
  });
});
