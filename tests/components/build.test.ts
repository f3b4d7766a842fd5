import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { runCourse, type CourseRun } from "../support/run-course";
import { T, byName, inputsOf } from "../support/resources";

const PROJECT = "mlops-course-e27";
const EXISTING_CONNECTION = `projects/${PROJECT}/locations/europe-west1/connections/github`;

void describe("build trigger on the course stack (existing GitHub connection)", () => {
  let run: CourseRun;
  before(async () => {
    run = await runCourse({ stack: "course" });
  });

  void test("the student's GitHub repository is linked to the course's connection", () => {
    assert.deepEqual(inputsOf(run, T.linkedRepository, "s270001-build-github-repo"), {
      name: "mlops-e27-s270001",
      location: "europe-west1",
      parentConnection: EXISTING_CONNECTION,
      remoteUri: "https://github.com/mlops-e27/anna-k-mlops.git",
    });
  });

  void test("the trigger builds cloudbuild.yaml on pushes to ^main$ as the student's own service account", () => {
    const trigger = inputsOf(run, T.trigger, "s270001-build-trigger");
    const bucket = inputsOf(run, T.bucket, "s270001-storage-bucket");
    assert.deepEqual(trigger, {
      name: "mlops-e27-s270001",
      location: "europe-west1",
      description: "Builds mlops-e27/anna-k-mlops on pushes to ^main$",
      repositoryEventConfig: {
        repository: `${EXISTING_CONNECTION}/repositories/mlops-e27-s270001`,
        push: { branch: "^main$" },
      },
      filename: "cloudbuild.yaml",
      serviceAccount: `projects/${PROJECT}/serviceAccounts/mlops-e27-s270001@${PROJECT}.iam.gserviceaccount.com`,
      substitutions: {
        _REGISTRY: `europe-west1-docker.pkg.dev/${PROJECT}/mlops-e27-s270001`,
        _BUCKET: bucket.name,
      },
      tags: ["mlops-e27", "s270001"],
    });
  });

  void test("every trigger runs as its own student's account and watches its own student's repository", () => {
    const triggers = byName(run, T.trigger);
    assert.equal(triggers.size, 7);
    for (const [name, trigger] of triggers) {
      const id = name.replace(/-build-trigger$/, "");
      const account = inputsOf(run, T.account, `${id}-identity-sa`);
      assert.equal(
        trigger.inputs.serviceAccount,
        `projects/${PROJECT}/serviceAccounts/${account.accountId as string}@${PROJECT}.iam.gserviceaccount.com`,
      );
      const linked = inputsOf(run, T.linkedRepository, `${id}-build-github-repo`);
      assert.equal(
        (trigger.inputs.repositoryEventConfig as { repository: string }).repository,
        `${linked.parentConnection as string}/repositories/${linked.name as string}`,
      );
    }
  });

  void test("a student without a repo gets neither a linked repository nor a trigger", () => {
    assert.equal(byName(run, T.trigger).has("s270007-build-trigger"), false);
    assert.equal(byName(run, T.linkedRepository).has("s270007-build-github-repo"), false);
    assert.equal(byName(run, T.connection).size, 0);
  });
});

void describe("build settings from config", () => {
  void test("buildBranch, buildConfigFile and a full connection name are used as given", async () => {
    const connection = "projects/shared-ci/locations/europe-west1/connections/class-org";
    const run = await runCourse({
      stack: "dev",
      config: { buildBranch: "^release/.*$", buildConfigFile: "ci/cloudbuild.yaml", githubConnection: connection },
    });
    const trigger = inputsOf(run, T.trigger, "s000002-build-trigger");
    assert.deepEqual(trigger.repositoryEventConfig, {
      repository: `${connection}/repositories/mlops-dev-s000002`,
      push: { branch: "^release/.*$" },
    });
    assert.equal(trigger.filename, "ci/cloudbuild.yaml");
    assert.equal(inputsOf(run, T.linkedRepository, "s000002-build-github-repo").parentConnection, connection);
    assert.equal(byName(run, T.trigger).size, 2);
  });

  void test("without a connection name, the course creates one from the GitHub App installation and token", async () => {
    const tokenVersion = "projects/course-cloud-sandbox/secrets/github-token/versions/3";
    const run = await runCourse({
      stack: "dev",
      config: { githubConnection: "", githubAppInstallationId: 4242, githubTokenSecretVersion: tokenVersion },
    });
    assert.deepEqual(inputsOf(run, T.connection, "course-github"), {
      name: "mlops-dev-github",
      location: "europe-west1",
      githubConfig: { appInstallationId: 4242, authorizerCredential: { oauthTokenSecretVersion: tokenVersion } },
    });
    assert.equal(
      inputsOf(run, T.linkedRepository, "s000001-build-github-repo").parentConnection,
      "projects/course-cloud-sandbox/locations/europe-west1/connections/mlops-dev-github",
    );
  });
});
