import assert from "node:assert/strict";
import { test } from "node:test";
import {
  courseLabels,
  vmAllowedAccelerators,
  vmStopSchedule,
  vmStopScheduleExists,
} from "../../policy/policies/guardrails";
import { T } from "../../policy/policies/support";
import { validateResource, validateStack } from "./fake-engine";
import { LABELS, cpuVm, l4Vm, stopSchedule, studentBucket, t4Vm, vm } from "./fixtures";

test("vm-allowed-accelerators accepts the catalog's GPUs in offered counts", async () => {
  for (const props of [
    cpuVm(),
    t4Vm(),
    l4Vm(),
    { ...t4Vm(), guestAccelerators: [{ type: "nvidia-tesla-t4", count: 4 }] },
  ]) {
    assert.deepEqual((await validateResource(vmAllowedAccelerators, vm(props))).violations, []);
  }
  const asUrl = {
    ...t4Vm(),
    machineType: "zones/europe-west1-b/machineTypes/n1-standard-4",
    guestAccelerators: [{ type: "projects/p/zones/europe-west1-b/acceleratorTypes/nvidia-tesla-t4", count: 1 }],
  };
  assert.deepEqual((await validateResource(vmAllowedAccelerators, vm(asUrl))).violations, []);
});

test("vm-allowed-accelerators rejects unknown GPUs, counts Google does not offer and machine types outside the catalog", async () => {
  const withAccelerator = (type: string, count: number) => vm({ ...t4Vm(), guestAccelerators: [{ type, count }] });
  assert.match(
    (await validateResource(vmAllowedAccelerators, withAccelerator("nvidia-tesla-k80", 1))).violations.join(),
    /unknown accelerator type "nvidia-tesla-k80"/,
  );
  assert.deepEqual((await validateResource(vmAllowedAccelerators, withAccelerator("nvidia-tesla-t4", 3))).violations, [
    "nvidia-tesla-t4 comes in counts of 1, 2, 4, not 3",
  ]);
  assert.deepEqual((await validateResource(vmAllowedAccelerators, withAccelerator("nvidia-l4", 1))).violations, [
    "nvidia-l4 is built into g2-standard-* machine types and cannot be attached",
  ]);
  assert.deepEqual(
    (await validateResource(vmAllowedAccelerators, vm({ ...cpuVm(), machineType: "m3-megamem-128" }))).violations,
    ["machine type m3-megamem-128 is not in the course catalog"],
  );
  // The catalog prices G4 machine types, but their RTX PRO 6000 is no GPU the course offers.
  assert.deepEqual(
    (await validateResource(vmAllowedAccelerators, vm({ ...l4Vm(), machineType: "g4-standard-48" }))).violations,
    ["g4-standard-48 carries nvidia-rtx-pro-6000, which the course catalog does not offer"],
  );
  assert.deepEqual(
    (
      await validateResource(
        vmAllowedAccelerators,
        vm({ ...l4Vm(), guestAccelerators: [{ type: "nvidia-tesla-t4", count: 1 }] }),
      )
    ).violations,
    ["g2-standard-4 already carries a GPU and cannot take nvidia-tesla-t4"],
  );
});

test("vm-allowed-accelerators narrows to the types the pack's config allows", async () => {
  const config = { allowedAcceleratorTypes: ["nvidia-tesla-t4"] };
  assert.deepEqual((await validateResource(vmAllowedAccelerators, vm(t4Vm()), config)).violations, []);
  assert.deepEqual((await validateResource(vmAllowedAccelerators, vm(l4Vm()), config)).violations, [
    "g2-standard-4 carries nvidia-l4; allowed: nvidia-tesla-t4",
  ]);
  const v100 = vm({
    ...t4Vm(),
    machineType: "n1-standard-8",
    guestAccelerators: [{ type: "nvidia-tesla-v100", count: 1 }],
  });
  assert.deepEqual((await validateResource(vmAllowedAccelerators, v100, config)).violations, [
    "accelerator nvidia-tesla-v100 is not allowed; allowed: nvidia-tesla-t4",
  ]);
});

test("vm-stop-schedule requires a resource policy on every VM", async () => {
  for (const resourcePolicies of [undefined, ""]) {
    assert.deepEqual((await validateResource(vmStopSchedule, vm({ ...cpuVm(), resourcePolicies }))).violations, [
      "the VM has no resource policy, so nothing stops it at night",
    ]);
  }
  assert.deepEqual((await validateResource(vmStopSchedule, vm(cpuVm()))).violations, []);
});

test("vm-stop-schedule-exists follows each VM's resource policy to a stop schedule of the stack", async () => {
  const schedule = { type: T.resourcePolicy, name: "guardrails-nightly-stop", props: stopSchedule() };
  const student = { ...vm(cpuVm()), name: "s270001-workstation-vm" };
  assert.deepEqual((await validateStack(vmStopScheduleExists, [schedule, student])).violations, []);

  const missing = await validateStack(vmStopScheduleExists, [student]);
  assert.match(
    missing.violations.join(),
    /s270001-workstation-vm: resource policy .*mlops-e27-nightly-stop is not a resource of this stack/,
  );
  assert.deepEqual(missing.urns, [
    "urn:pulumi:test::course-cloud::gcp:compute/instance:Instance::s270001-workstation-vm",
  ]);

  const snapshots = {
    ...schedule,
    props: { name: "mlops-e27-nightly-stop", region: "europe-west1", snapshotSchedulePolicy: { schedule: {} } },
  };
  assert.match(
    (await validateStack(vmStopScheduleExists, [snapshots, student])).violations.join(),
    /has no VM stop schedule/,
  );

  // A policy of the same name in another region is not the one the VM names.
  const elsewhere = { ...schedule, props: { ...stopSchedule(), region: "us-central1" } };
  assert.equal((await validateStack(vmStopScheduleExists, [elsewhere, student])).violations.length, 1);
});

test("course-labels requires course, stack and managed-by on every labellable resource", async () => {
  const resources = [
    { type: T.instance, field: "labels" },
    { type: T.bucket, field: "labels" },
    { type: T.dockerRepository, field: "labels" },
    { type: T.secret, field: "labels" },
    { type: T.notificationChannel, field: "userLabels" },
  ];
  for (const { type, field } of resources) {
    assert.deepEqual(
      (await validateResource(courseLabels, { type, props: { [field]: { ...LABELS } } })).violations,
      [],
      type,
    );
    const withoutStack: Record<string, string> = { ...LABELS };
    delete withoutStack.stack;
    assert.deepEqual((await validateResource(courseLabels, { type, props: { [field]: withoutStack } })).violations, [
      `${field} lack stack`,
    ]);
    assert.deepEqual((await validateResource(courseLabels, { type, props: {} })).violations, [
      `${field} lack course, stack, managed-by`,
    ]);
  }
  const foreign = { type: T.bucket, props: { ...studentBucket(), labels: { ...LABELS, "managed-by": "terraform" } } };
  assert.deepEqual((await validateResource(courseLabels, foreign)).violations, [
    "labels.managed-by is terraform, not course-cloud",
  ]);
  // A notification channel's `labels` are its address, not labels: only userLabels count.
  const channel = { type: T.notificationChannel, props: { labels: { ...LABELS }, userLabels: {} } };
  assert.equal((await validateResource(courseLabels, channel)).violations.length, 1);
});

test("vm-stop-schedule-exists checks what a preview knows and leaves the rest to pulumi up", async () => {
  const unknown = { __pulumiUnknown: true };
  const schedule = {
    type: T.resourcePolicy,
    name: "guardrails-nightly-stop",
    props: { ...stopSchedule(), selfLink: unknown },
  };
  const pending = { ...vm({ ...cpuVm(), resourcePolicies: unknown }), name: "s270001-workstation-vm" };
  const orphan = { ...vm(cpuVm()), name: "s270002-workstation-vm" };
  const outcome = await validateStack(vmStopScheduleExists, [schedule, pending, orphan]);
  // The VM whose schedule link is not known yet is skipped; the known one is still checked, and matches by name.
  assert.equal(outcome.unknown, undefined);
  assert.deepEqual(outcome.violations, []);
  const missing = await validateStack(vmStopScheduleExists, [pending, orphan]);
  assert.equal(missing.unknown, undefined);
  assert.deepEqual(missing.urns, [
    "urn:pulumi:test::course-cloud::gcp:compute/instance:Instance::s270002-workstation-vm",
  ]);
});
