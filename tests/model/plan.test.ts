import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  BUDGET_THRESHOLDS,
  MAX_VMS_PER_SCHEDULE,
  attributeCondition,
  planCourse,
  semesterPeriod,
  type SchedulingPlan,
} from "../../infra/model/plan";
import type { InputIssue } from "../../infra/settings/input-error";
import { ROSTER_FILE, STACK_FILE, inputs, plan, planWithIssues, student, students } from "./plan-support";

const DLVM_IMAGE =
  "projects/deeplearning-platform-release/global/images/family/pytorch-2-9-cu129-ubuntu-2204-nvidia-580";
const CPU_IMAGE = "projects/ubuntu-os-cloud/global/images/family/ubuntu-2404-lts-amd64";
const pinned = (id: string, extra = {}) => student(id, 0, { zone: "europe-west1-c", ...extra });
const vmOf = (config: Parameters<typeof plan>[0], extra = {}) => plan(config, [pinned("s1", extra)]).students[0]!.vm;

void describe("the VM plan", () => {
  void test("an on-demand T4 VM: attached GPU, DLVM image, driver install, TERMINATE, Secure Boot off", () => {
    assert.deepEqual(vmOf({ courseId: "mlops-e27" }), {
      name: "mlops-e27-s1",
      zone: "europe-west1-c",
      machineType: "n1-standard-4",
      gpu: { type: "nvidia-tesla-t4", count: 1, attach: "attached" },
      image: DLVM_IMAGE,
      bootDiskGb: 100,
      bootDiskType: "pd-balanced",
      spot: false,
      scheduling: {
        provisioningModel: "STANDARD",
        preemptible: false,
        onHostMaintenance: "TERMINATE",
        automaticRestart: true,
      },
      metadata: {
        "enable-oslogin": "TRUE",
        "block-project-ssh-keys": "TRUE",
        "serial-port-enable": "FALSE",
        "install-nvidia-driver": "True",
      },
      shieldedVm: { secureBoot: false, vtpm: true, integrityMonitoring: true },
      networkTags: ["mlops-e27-vm"],
    });
  });

  const scheduling: { what: string; config: Parameters<typeof plan>[0]; roster?: object; expected: SchedulingPlan }[] =
    [
      {
        what: "spot GPU VM",
        config: { spot: true },
        expected: {
          provisioningModel: "SPOT",
          preemptible: true,
          onHostMaintenance: "TERMINATE",
          automaticRestart: false,
          instanceTerminationAction: "STOP",
        },
      },
      {
        what: "spot from the roster overrides an on-demand course",
        config: { spot: false },
        roster: { spot: true },
        expected: {
          provisioningModel: "SPOT",
          preemptible: true,
          onHostMaintenance: "TERMINATE",
          automaticRestart: false,
          instanceTerminationAction: "STOP",
        },
      },
      {
        what: "on demand from the roster overrides a spot course",
        config: { spot: true },
        roster: { spot: false },
        expected: {
          provisioningModel: "STANDARD",
          preemptible: false,
          onHostMaintenance: "TERMINATE",
          automaticRestart: true,
        },
      },
      {
        what: "on-demand CPU VM live-migrates",
        config: { gpu: "none", machineType: "e2-medium" },
        expected: {
          provisioningModel: "STANDARD",
          preemptible: false,
          onHostMaintenance: "MIGRATE",
          automaticRestart: true,
        },
      },
      {
        what: "spot CPU VM",
        config: { gpu: "none", machineType: "e2-medium", spot: true },
        expected: {
          provisioningModel: "SPOT",
          preemptible: true,
          onHostMaintenance: "TERMINATE",
          automaticRestart: false,
          instanceTerminationAction: "STOP",
        },
      },
      {
        what: "on-demand GPU VM with maxRunHours stops after that run time",
        config: { maxRunHours: 8 },
        expected: {
          provisioningModel: "STANDARD",
          preemptible: false,
          onHostMaintenance: "TERMINATE",
          automaticRestart: true,
          instanceTerminationAction: "STOP",
          maxRunDurationSeconds: 28800,
        },
      },
      {
        what: "spot VM with maxRunHours",
        config: { spot: true, maxRunHours: 4 },
        expected: {
          provisioningModel: "SPOT",
          preemptible: true,
          onHostMaintenance: "TERMINATE",
          automaticRestart: false,
          instanceTerminationAction: "STOP",
          maxRunDurationSeconds: 14400,
        },
      },
      {
        what: "on-demand CPU VM with maxRunHours",
        config: { gpu: "none", machineType: "e2-medium", maxRunHours: 1 },
        expected: {
          provisioningModel: "STANDARD",
          preemptible: false,
          onHostMaintenance: "MIGRATE",
          automaticRestart: true,
          instanceTerminationAction: "STOP",
          maxRunDurationSeconds: 3600,
        },
      },
    ];
  for (const c of scheduling) {
    void test(`scheduling: ${c.what}`, () => {
      const vm = vmOf(c.config, c.roster);
      assert.deepEqual(vm.scheduling, c.expected);
      assert.equal(vm.spot, c.expected.provisioningModel === "SPOT");
    });
  }

  void test("a CPU VM: Ubuntu image, Secure Boot on, no driver install, no accelerator", () => {
    const vm = vmOf({ gpu: "none", machineType: "e2-medium" });
    assert.equal(vm.gpu, undefined);
    assert.equal(vm.image, CPU_IMAGE);
    assert.deepEqual(vm.shieldedVm, { secureBoot: true, vtpm: true, integrityMonitoring: true });
    assert.equal("install-nvidia-driver" in vm.metadata, false);
  });

  void test("an L4 VM: built into the machine type, GPU treatment like any GPU VM", () => {
    const vm = vmOf({ gpu: "nvidia-l4", machineType: "g2-standard-8" });
    assert.equal(vm.machineType, "g2-standard-8");
    assert.deepEqual(vm.gpu, { type: "nvidia-l4", count: 1, attach: "built-in" });
    assert.equal(vm.scheduling.onHostMaintenance, "TERMINATE");
    assert.equal(vm.metadata["install-nvidia-driver"], "True");
    assert.equal(vm.shieldedVm.secureBoot, false);
  });

  void test("roster gpu overrides: none gives a CPU VM, an L4 brings its machine type", () => {
    const planned = plan({}, [
      student("s1", 0, { gpu: "none" }),
      student("s2", 1, { gpu: "nvidia-l4" }),
      student("s3", 2),
    ]);
    assert.deepEqual(
      planned.students.map((s) => [s.key, s.vm.machineType, s.vm.gpu?.type, s.vm.image, s.vm.shieldedVm.secureBoot]),
      [
        ["s1", "n1-standard-4", undefined, CPU_IMAGE, true],
        ["s2", "g2-standard-4", "nvidia-l4", DLVM_IMAGE, false],
        ["s3", "n1-standard-4", "nvidia-tesla-t4", DLVM_IMAGE, false],
      ],
    );
  });

  void test("boot disk size and image family come from config", () => {
    const vm = vmOf({ bootDiskGb: 200, imageFamily: "common-cu129-ubuntu-2404-nvidia-580" });
    assert.equal(vm.bootDiskGb, 200);
    assert.equal(
      vm.image,
      "projects/deeplearning-platform-release/global/images/family/common-cu129-ubuntu-2404-nvidia-580",
    );
  });
});

void describe("course-level checks", () => {
  void test("the retired image family is refused with its replacement", () => {
    const { issues } = planWithIssues({ imageFamily: "pytorch-latest-gpu" }, students(["s1"]));
    assert.deepEqual(issues, [
      {
        file: STACK_FILE,
        field: "course-cloud:imageFamily",
        message:
          "image family pytorch-latest-gpu is retired (VM creation fails); use pytorch-2-9-cu129-ubuntu-2204-nvidia-580",
      },
    ]);
  });

  void test("a deprecated image family is a warning, not an error", () => {
    const planned = plan(
      { imageFamily: "pytorch-2-7-cu128-ubuntu-2204-nvidia-570", gpuQuota: ["GPUS_ALL_REGIONS=9"] },
      students(["s1"]),
    );
    assert.deepEqual(planned.warnings, [
      "image family pytorch-2-7-cu128-ubuntu-2204-nvidia-570 uses the NVIDIA 570 driver, deprecated since 2026-04-13; prefer pytorch-2-7-cu128-ubuntu-2204-nvidia-580",
    ]);
  });

  void test("course hardware that cannot be had points at the setting the message asks to change", () => {
    assert.deepEqual(planWithIssues({ gpu: "nvidia-l4" }, students(["s1"])).issues, [
      {
        file: STACK_FILE,
        field: "course-cloud:machineType",
        message: "nvidia-l4 is built into g2-standard-*; set machineType to g2-standard-4 and drop the accelerator",
      },
    ]);
    assert.deepEqual(planWithIssues({ gpuCount: 3 }, students(["s1"])).issues, [
      {
        file: STACK_FILE,
        field: "course-cloud:gpuCount",
        message: "nvidia-tesla-t4 comes in counts of 1, 2, 4, not 3",
      },
    ]);
    assert.deepEqual(
      planWithIssues({ gpu: "nvidia-tesla-k80" }, students(["s1"])).issues.map((i) => i.field),
      ["course-cloud:gpu"],
    );
    assert.deepEqual(planWithIssues({ gpu: "none", machineType: "g2-standard-4" }, students(["s1"])).issues, [
      {
        file: STACK_FILE,
        field: "course-cloud:machineType",
        message:
          "g2-standard-4 always carries nvidia-l4; for a VM without a GPU choose a machine type without one, e.g. e2-standard-4",
      },
    ]);
  });

  void test("a bad course id and a stack name that cannot be a label are reported", () => {
    const issues: InputIssue[] = [];
    planCourse({ ...inputs({ courseId: "gcp-ml" }, students(["s1"])), stack: "Course.2026" }, issues);
    assert.deepEqual(issues, [
      {
        file: STACK_FILE,
        field: "course-cloud:courseId",
        message: '"gcp-ml" would give workload identity pool "gcp-ml-github"; the prefix "gcp-" is reserved by Google',
      },
      {
        file: "Pulumi.Course.2026.yaml",
        message:
          "stack name \"Course.2026\" cannot be a label value (lowercase letters, digits, '_' and '-', at most 63); name the stack accordingly",
      },
    ]);
  });

  void test("more students than one stop schedule serves is an error of the roster", () => {
    const ids = Array.from({ length: MAX_VMS_PER_SCHEDULE + 1 }, (_, i) => `s${i}`);
    const { issues } = planWithIssues({ gpu: "none", machineType: "e2-medium" }, students(ids));
    assert.deepEqual(issues, [
      {
        file: ROSTER_FILE,
        message:
          "1001 students exceed the 1000 VMs one stop schedule can serve; split the class into per-student stacks",
      },
    ]);
  });
});

void describe("per-student problems name the roster line", () => {
  void test("a GPU override that cannot be had, and an id too long for a service account", () => {
    const { plan: planned, issues } = planWithIssues({}, [
      student("s1", 0, { gpu: "nvidia-tesla-v100" }),
      student("a".repeat(25), 1),
      student("s3", 2),
    ]);
    assert.deepEqual(issues, [
      {
        file: ROSTER_FILE,
        line: 2,
        field: "gpu",
        message:
          "europe-west1 offers no nvidia-tesla-v100; zones that do: europe-west4-a, europe-west4-b, europe-west4-c, us-central1-a, us-central1-b, us-central1-c, us-central1-f",
      },
      {
        file: ROSTER_FILE,
        line: 3,
        field: "id",
        message: `"${"a".repeat(25)}" gives service account id "mlops-${"a".repeat(25)}" (31 characters); Google allows 6-30, so with course id "mlops" a student id may have 1-24 characters`,
      },
    ]);
    assert.deepEqual(
      planned.students.map((s) => s.key),
      ["s3"],
    );
  });
});

void describe("the rest of a student's plan", () => {
  void test("students are in id order whatever the roster order", () => {
    assert.deepEqual(
      plan({}, students(["s3", "s1", "s2"])).students.map((s) => s.key),
      ["s1", "s2", "s3"],
    );
  });

  void test("bucket, registry, labels and display name", () => {
    const s = plan({ forceDestroy: true, keepImageVersions: 3, bucketLocation: "EUROPE-WEST1" }, [
      student("s1", 0, { name: "Ada Example" }),
    ]).students[0]!;
    assert.equal(s.displayName, "Ada Example");
    assert.deepEqual(s.bucket, { namePrefix: "mlops-s1", location: "EUROPE-WEST1", forceDestroy: true });
    assert.deepEqual(s.registry, {
      repositoryId: "mlops-s1",
      location: "europe-west1",
      url: "europe-west1-docker.pkg.dev/mlops-test/mlops-s1",
      keepVersions: 3,
    });
    assert.deepEqual(s.labels, { course: "mlops", stack: "test", "managed-by": "course-cloud", student: "s1" });
  });

  void test("a build trigger only for a student with a repo", () => {
    const planned = plan({ githubConnection: "github", buildBranch: "^release$", buildConfigFile: "ci/build.yaml" }, [
      student("s1", 0, { repo: { owner: "class-org", name: "s1-mlops" } }),
      student("s2", 1),
    ]);
    assert.deepEqual(planned.students[0]!.build, {
      triggerName: "mlops-s1",
      linkedRepositoryName: "mlops-s1",
      repository: "class-org/s1-mlops",
      remoteUri: "https://github.com/class-org/s1-mlops.git",
      branch: "^release$",
      configFile: "ci/build.yaml",
    });
    assert.equal(planned.students[1]!.build, undefined);
    // A bare connection name is a connection of the course region.
    assert.deepEqual(planned.githubConnection, {
      kind: "existing",
      name: "projects/mlops-test/locations/europe-west1/connections/github",
    });
  });

  void test("a repo without a GitHub connection in the config is an error saying what to set", () => {
    const { issues } = planWithIssues({}, [student("s1", 0, { repo: { owner: "o", name: "r" } })]);
    assert.deepEqual(issues, [
      {
        file: STACK_FILE,
        field: "course-cloud:githubConnection",
        message:
          "students have a repo, so build triggers need a Cloud Build GitHub connection: set githubConnection to an existing one, or githubAppInstallationId and githubTokenSecretVersion to create one (README: GitHub connection)",
      },
    ]);
    assert.equal(
      planWithIssues({ githubAppInstallationId: 42 }, [student("s1", 0, { repo: { owner: "o", name: "r" } })]).issues
        .length,
      1,
    );
  });

  void test("a connection to create, from an app installation and a token secret version", () => {
    const planned = plan(
      {
        githubAppInstallationId: 4242,
        githubTokenSecretVersion: "projects/mlops-test/secrets/github-token/versions/1",
      },
      [student("s1", 0, { repo: { owner: "o", name: "r" } })],
    );
    assert.deepEqual(planned.githubConnection, {
      kind: "create",
      name: "mlops-github",
      appInstallationId: 4242,
      tokenSecretVersion: "projects/mlops-test/secrets/github-token/versions/1",
      tokenSecretId: "github-token",
    });
  });

  void test("no GitHub connection in the plan when none is configured and no one has a repo", () => {
    assert.equal(plan({}, students(["s1"])).githubConnection, undefined);
  });

  void test("a budget per student with the student's label filter when a billing account is set", () => {
    const planned = plan(
      { billingAccount: "012345-6789AB-CDEF01", budgetUsd: 75, budgetCurrency: "EUR" },
      students(["s1", "s2"]),
    );
    assert.deepEqual(
      planned.students.map((s) => s.budget),
      [
        { displayName: "mlops s1", amountUnits: 75, currency: "EUR", labelFilter: { student: "s1" } },
        { displayName: "mlops s2", amountUnits: 75, currency: "EUR", labelFilter: { student: "s2" } },
      ],
    );
    assert.equal(planned.billingAccount, "012345-6789AB-CDEF01");
    assert.ok(planned.apis.includes("billingbudgets.googleapis.com"));
    assert.deepEqual(BUDGET_THRESHOLDS, [
      { percent: 0.5, basis: "CURRENT_SPEND" },
      { percent: 0.9, basis: "CURRENT_SPEND" },
      { percent: 1.0, basis: "CURRENT_SPEND" },
      { percent: 1.0, basis: "FORECASTED_SPEND" },
    ]);
  });

  void test("no budgets and no budget API without a billing account", () => {
    const planned = plan({}, students(["s1"]));
    assert.equal(planned.students[0]!.budget, undefined);
    assert.equal(planned.billingAccount, undefined);
    assert.equal(planned.apis.includes("billingbudgets.googleapis.com"), false);
  });

  void test("student secrets are named per student", () => {
    assert.deepEqual(plan({ studentSecrets: ["wandb-api-key", "hf-token"] }, students(["s1"])).students[0]!.secrets, [
      "mlops-s1-wandb-api-key",
      "mlops-s1-hf-token",
    ]);
  });
});

void describe("GitHub Actions federation", () => {
  const withRepos = [
    student("s2", 0, { repo: { owner: "class-org", name: "s2-mlops" } }),
    student("s1", 1, { repo: { owner: "class-org", name: "s1-mlops" } }),
    student("s3", 2),
  ];

  void test("the attribute condition lists exactly the students' repositories", () => {
    const planned = plan({ githubActions: true, githubConnection: "github" }, withRepos);
    assert.deepEqual(planned.githubActions, { repositories: ["class-org/s1-mlops", "class-org/s2-mlops"] });
    assert.equal(
      attributeCondition(planned.githubActions!.repositories),
      "assertion.repository in ['class-org/s1-mlops', 'class-org/s2-mlops']",
    );
    assert.ok(planned.apis.includes("iamcredentials.googleapis.com") && planned.apis.includes("sts.googleapis.com"));
  });

  void test("off by default: no pool, no federation APIs", () => {
    const planned = plan({ githubConnection: "github" }, withRepos);
    assert.equal(planned.githubActions, undefined);
    assert.equal(planned.apis.includes("sts.googleapis.com"), false);
  });

  void test("on without any repo is an error", () => {
    assert.deepEqual(planWithIssues({ githubActions: true }, students(["s1"])).issues, [
      {
        file: STACK_FILE,
        field: "course-cloud:githubActions",
        message: "is on, but no student has a repo in the roster",
      },
    ]);
  });

  void test("a condition longer than Google's 4096 characters is an error", () => {
    const many = Array.from({ length: 120 }, (_, i) =>
      student(`s${i}`, i, { repo: { owner: "a-rather-long-organisation-name", name: `student-${i}-mlops` } }),
    );
    const { issues } = planWithIssues(
      { githubActions: true, githubConnection: "github", gpu: "none", machineType: "e2-medium" },
      many,
    );
    assert.equal(issues.length, 1);
    assert.equal(issues[0]!.field, "course-cloud:githubActions");
    assert.match(
      issues[0]!.message,
      /^the provider's attribute condition listing 120 repositories is \d+ characters; Google allows 4096: use per-student stacks or fewer repositories$/,
    );
  });
});

void describe("cost inputs", () => {
  void test("usage per day is capped by maxRunHours", () => {
    assert.equal(plan({ usageHoursPerDay: 6, maxRunHours: 4 }, students(["s1"])).costInputs.usageHoursPerDay, 4);
    assert.equal(plan({ usageHoursPerDay: 6 }, students(["s1"])).costInputs.usageHoursPerDay, 6);
  });
});

void describe("semester budget period", () => {
  void test("runs semesterWeeks weeks from the first day, the last day included", () => {
    assert.deepEqual(semesterPeriod("2027-02-01", 13), {
      start: { year: 2027, month: 2, day: 1 },
      end: { year: 2027, month: 5, day: 2 },
    });
    // Across the new year and a leap day.
    assert.deepEqual(semesterPeriod("2027-12-20", 10), {
      start: { year: 2027, month: 12, day: 20 },
      end: { year: 2028, month: 2, day: 27 },
    });
    assert.deepEqual(semesterPeriod("2028-02-28", 1).end, { year: 2028, month: 3, day: 5 });
  });
});
