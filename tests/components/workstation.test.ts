import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { courseConfig, runCourse, type CourseRun } from "../support/run-course";
import { T, inputsOf, resource } from "../support/resources";

const T4_ZONES = ["europe-west1-b", "europe-west1-c", "europe-west1-d"];
const L4_ZONES = ["europe-west1-b", "europe-west1-c"];
const DLVM = "projects/deeplearning-platform-release/global/images/family/";

function labels(stack: string, courseId: string, student: string) {
  return { course: courseId, stack, "managed-by": "course-cloud", student };
}

/** What every student VM has, whatever its hardware. */
function assertHardened(run: CourseRun, student: string, project: string, courseId: string) {
  const vm = inputsOf(run, T.instance, `${student}-workstation-vm`);
  const account = inputsOf(run, T.account, `${student}-identity-sa`);
  const subnet = resource(run, T.subnet, "course-subnet").inputs;
  const schedule = resource(run, T.resourcePolicy, "guardrails-nightly-stop").inputs;

  assert.equal(vm.name, `${courseId}-${student}`);
  assert.deepEqual(vm.serviceAccount, {
    email: `${courseId}-${student}@${project}.iam.gserviceaccount.com`,
    scopes: ["https://www.googleapis.com/auth/cloud-platform"],
  });
  assert.equal(account.accountId, `${courseId}-${student}`);
  // One interface, on the course subnet, without accessConfigs: no external IP.
  assert.deepEqual(vm.networkInterfaces, [
    { subnetwork: `projects/${project}/regions/${subnet.region as string}/subnetworks/${subnet.name as string}` },
  ]);
  assert.equal(subnet.name, `${courseId}-subnet`);
  assert.equal(
    vm.resourcePolicies,
    `https://www.googleapis.com/compute/v1/projects/${project}/regions/${schedule.region as string}/resourcePolicies/${schedule.name as string}`,
  );
  assert.equal(vm.canIpForward, false);
  assert.deepEqual(vm.tags, [`${courseId}-vm`]);
  const metadata = vm.metadata as Record<string, string>;
  assert.equal(metadata["enable-oslogin"], "TRUE");
  assert.equal(metadata["block-project-ssh-keys"], "TRUE");
  assert.equal(metadata["serial-port-enable"], "FALSE");
  assert.equal(metadata["ssh-keys"], undefined);
  const disk = vm.bootDisk as { autoDelete: boolean; initializeParams: Record<string, unknown> };
  assert.equal(disk.autoDelete, true);
  assert.equal(disk.initializeParams.type, "pd-balanced");
  return vm;
}

void describe("student VM on the course stack (on-demand T4)", () => {
  let run: CourseRun;
  const config = courseConfig({ stack: "course" });
  const project = config["gcp:project"]!;
  before(async () => {
    run = await runCourse({ stack: "course" });
  });

  void test("is an N1 machine with one attached T4 in a zone that offers it", () => {
    const vm = inputsOf(run, T.instance, "s270001-workstation-vm");
    assert.equal(vm.machineType, "n1-standard-4");
    assert.deepEqual(vm.guestAccelerators, [{ type: "nvidia-tesla-t4", count: 1 }]);
    assert.ok(T4_ZONES.includes(vm.zone as string), `${String(vm.zone)} offers no T4`);
  });

  void test("cannot live-migrate: TERMINATE on host maintenance, restarts on its own, standard provisioning", () => {
    const vm = inputsOf(run, T.instance, "s270001-workstation-vm");
    assert.deepEqual(vm.scheduling, {
      onHostMaintenance: "TERMINATE",
      automaticRestart: true,
      provisioningModel: "STANDARD",
      preemptible: false,
    });
  });

  void test("boots a Deep Learning VM image of the configured family, installs the driver, Secure Boot off", () => {
    const vm = assertHardened(run, "s270001", project, "mlops-e27");
    assert.deepEqual(vm.bootDisk, {
      autoDelete: true,
      initializeParams: {
        image: `${DLVM}${config["course-cloud:imageFamily"]}`,
        size: 100,
        type: "pd-balanced",
        labels: labels("course", "mlops-e27", "s270001"),
      },
    });
    assert.notEqual(config["course-cloud:imageFamily"], "pytorch-latest-gpu");
    assert.equal((vm.metadata as Record<string, string>)["install-nvidia-driver"], "True");
    assert.deepEqual(vm.shieldedInstanceConfig, {
      enableSecureBoot: false,
      enableVtpm: true,
      enableIntegrityMonitoring: true,
    });
    assert.deepEqual(vm.labels, labels("course", "mlops-e27", "s270001"));
  });

  void test("runs as the student's own service account, never the default compute account", () => {
    const vm = inputsOf(run, T.instance, "s270001-workstation-vm");
    const email = (vm.serviceAccount as { email: string }).email;
    assert.doesNotMatch(email, /-compute@developer\.gserviceaccount\.com$/);
    assert.equal(email, "mlops-e27-s270001@mlops-course-e27.iam.gserviceaccount.com");
  });

  void test("a spot student gets SPOT, no automatic restart, and is stopped (not deleted) when preempted", () => {
    const vm = assertHardened(run, "s270004", project, "mlops-e27");
    assert.deepEqual(vm.scheduling, {
      provisioningModel: "SPOT",
      preemptible: true,
      automaticRestart: false,
      onHostMaintenance: "TERMINATE",
      instanceTerminationAction: "STOP",
    });
    assert.deepEqual(vm.guestAccelerators, [{ type: "nvidia-tesla-t4", count: 1 }]);
  });

  void test("the L4 student gets g2-standard-4 with the GPU built in: no guestAccelerators", () => {
    const vm = assertHardened(run, "s270005", project, "mlops-e27");
    assert.equal(vm.machineType, "g2-standard-4");
    assert.deepEqual(vm.guestAccelerators, []);
    assert.ok(L4_ZONES.includes(vm.zone as string), `${String(vm.zone)} offers no L4`);
    assert.equal((vm.scheduling as Record<string, unknown>).onHostMaintenance, "TERMINATE");
    assert.equal((vm.metadata as Record<string, string>)["install-nvidia-driver"], "True");
    assert.equal((vm.shieldedInstanceConfig as Record<string, boolean>).enableSecureBoot, false);
    assert.match(
      (vm.bootDisk as { initializeParams: { image: string } }).initializeParams.image,
      /^projects\/deeplearning-platform-release\//,
    );
  });

  void test("the student pinned to a zone in the roster is there", () => {
    assert.equal(inputsOf(run, T.instance, "s270006-workstation-vm").zone, "europe-west1-d");
  });

  void test("the CPU student: no GPU, no driver, live migration, Secure Boot on, the CPU image", () => {
    const vm = assertHardened(run, "s270007", project, "mlops-e27");
    assert.equal(vm.machineType, "n1-standard-4");
    assert.deepEqual(vm.guestAccelerators, []);
    assert.equal((vm.metadata as Record<string, string>)["install-nvidia-driver"], undefined);
    assert.deepEqual(vm.scheduling, {
      onHostMaintenance: "MIGRATE",
      automaticRestart: true,
      provisioningModel: "STANDARD",
      preemptible: false,
    });
    assert.deepEqual(vm.shieldedInstanceConfig, {
      enableSecureBoot: true,
      enableVtpm: true,
      enableIntegrityMonitoring: true,
    });
    assert.equal(
      (vm.bootDisk as { initializeParams: { image: string } }).initializeParams.image,
      `projects/${config["course-cloud:cpuImage"]!.replace("/", "/global/images/family/")}`,
    );
  });
});

void describe("student VM on the dev stack", () => {
  void test("cheapest hardware: the configured CPU machine, spot, the configured disk, hardened like any other", async () => {
    const config = courseConfig({ stack: "dev" });
    const run = await runCourse({ stack: "dev" });
    const vm = assertHardened(run, "s000001", config["gcp:project"]!, "mlops-dev");
    assert.equal(vm.machineType, config["course-cloud:machineType"]);
    assert.equal(config["course-cloud:gpu"], "none");
    assert.deepEqual(vm.guestAccelerators, []);
    assert.deepEqual(vm.scheduling, {
      provisioningModel: "SPOT",
      preemptible: true,
      automaticRestart: false,
      onHostMaintenance: "TERMINATE",
      instanceTerminationAction: "STOP",
    });
    assert.equal(
      (vm.bootDisk as { initializeParams: { size: number } }).initializeParams.size,
      Number(config["course-cloud:bootDiskGb"]),
    );
    assert.deepEqual(vm.labels, labels("dev", "mlops-dev", "s000001"));
  });
});

void describe("VM settings from config", () => {
  void test("gpuCount, bootDiskGb, imageFamily and maxRunHours reach every GPU VM", async () => {
    const run = await runCourse({
      stack: "course",
      config: {
        gpuCount: 2,
        bootDiskGb: 200,
        imageFamily: "common-cu129-ubuntu-2404-nvidia-580",
        maxRunHours: 4,
        gpuQuota: [],
      },
    });
    const vm = inputsOf(run, T.instance, "s270001-workstation-vm");
    assert.deepEqual(vm.guestAccelerators, [{ type: "nvidia-tesla-t4", count: 2 }]);
    const disk = (vm.bootDisk as { initializeParams: { size: number; image: string } }).initializeParams;
    assert.equal(disk.size, 200);
    assert.equal(disk.image, `${DLVM}common-cu129-ubuntu-2404-nvidia-580`);
    assert.deepEqual(vm.scheduling, {
      onHostMaintenance: "TERMINATE",
      automaticRestart: true,
      provisioningModel: "STANDARD",
      preemptible: false,
      instanceTerminationAction: "STOP",
      maxRunDuration: { seconds: 4 * 3600 },
    });
  });
});
