import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { MOCK_PROJECT_NUMBER } from "../../cli/offline/mocks";
import { runCourse, type CourseRun } from "../support/run-course";
import { T, inputsOf } from "../support/resources";

type Handout = Record<string, unknown>;

const students = (run: CourseRun) => run.outputs!.students as Record<string, Handout>;

/** The handout a student gets, built from the registered resources (not from the plan). */
function expectedHandout(run: CourseRun, id: string, project: string, courseId: string): Handout {
  const vm = inputsOf(run, T.instance, `${id}-workstation-vm`);
  const bucket = `gs://${inputsOf(run, T.bucket, `${id}-storage-bucket`).name as string}`;
  const repository = inputsOf(run, T.dockerRepository, `${id}-registry-repository`);
  const account = inputsOf(run, T.account, `${id}-identity-sa`);
  const trigger = run.resources.find((r) => r.type === T.trigger && r.name === `${id}-build-trigger`);
  return {
    vm: vm.name,
    zone: vm.zone,
    ssh: `gcloud compute ssh ${vm.name as string} --zone ${vm.zone as string} --project ${project} --tunnel-through-iap`,
    bucket,
    dvcRemote: `dvc remote add -d remote_storage ${bucket} && dvc remote modify remote_storage version_aware true`,
    dockerRepository: `${repository.location as string}-docker.pkg.dev/${project}/${repository.repositoryId as string}`,
    serviceAccount: `${account.accountId as string}@${project}.iam.gserviceaccount.com`,
    ...(trigger ? { trigger: trigger.inputs.name } : {}),
    ...(courseId === "mlops-e27" ? { secrets: [`${courseId}-${id}-wandb-api-key`] } : {}),
  };
}

void describe("stack outputs of the course stack", () => {
  let run: CourseRun;
  before(async () => {
    run = await runCourse({ stack: "course" });
  });

  void test("one handout per student, keyed by id, with what they need to start", () => {
    const handouts = students(run);
    assert.deepEqual(Object.keys(handouts).sort(), [
      "s270001",
      "s270002",
      "s270003",
      "s270004",
      "s270005",
      "s270006",
      "s270007",
      "s270008",
    ]);
    for (const [id, handout] of Object.entries(handouts)) {
      const { machine, ...rest } = handout;
      assert.deepEqual(rest, expectedHandout(run, id, "mlops-course-e27", "mlops-e27"), id);
      assert.equal(typeof machine, "string");
    }
  });

  void test("the machine line says what hardware the student has", () => {
    const handouts = students(run);
    assert.equal(handouts.s270001!.machine, "n1-standard-4 + 1 x nvidia-tesla-t4");
    assert.equal(handouts.s270004!.machine, "n1-standard-4 + 1 x nvidia-tesla-t4 (spot)");
    assert.equal(handouts.s270005!.machine, "g2-standard-4 + 1 x nvidia-l4");
    assert.equal(handouts.s270007!.machine, "n1-standard-4");
  });

  void test("a trigger only for students with a repository", () => {
    const handouts = students(run);
    assert.equal(handouts.s270001!.trigger, "mlops-e27-s270001");
    assert.equal("trigger" in handouts.s270007!, false);
  });

  void test("the course summary", () => {
    const logs = inputsOf(run, T.bucket, "course-access-logs");
    assert.deepEqual(run.outputs!.course, {
      project: "mlops-course-e27",
      region: "europe-west1",
      network: "mlops-e27-net",
      stopSchedule: "0 22 * * * (Europe/Copenhagen)",
      accessLogBucket: logs.name,
    });
    assert.deepEqual(run.outputs!.warnings, []);
  });
});

void describe("stack outputs of the dev stack", () => {
  void test("handouts of the sample students; the provider's name when GitHub Actions are on", async () => {
    const run = await runCourse({ stack: "dev", config: { githubActions: true } });
    const handouts = students(run);
    assert.deepEqual(Object.keys(handouts).sort(), ["s000001", "s000002", "s000003"]);
    for (const [id, handout] of Object.entries(handouts)) {
      const { machine, ...rest } = handout;
      assert.deepEqual(rest, expectedHandout(run, id, "course-cloud-sandbox", "mlops-dev"), id);
      assert.match(machine as string, /\(spot\)$/);
    }
    assert.equal(
      (run.outputs!.course as Record<string, unknown>).githubActionsProvider,
      `projects/${MOCK_PROJECT_NUMBER}/locations/global/workloadIdentityPools/mlops-dev-github/providers/github-actions`,
    );
  });

  void test("warnings reach the outputs: an undeclared GPU quota", async () => {
    const run = await runCourse({ stack: "course", config: { gpuQuota: [] } });
    const warnings = run.outputs!.warnings as string[];
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0]!,
      /^GPU quota not declared \(gpuQuota\), so not checked; the class needs GPUS_ALL_REGIONS=7/,
    );
  });
});
