import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import type { RegisteredResource } from "../../cli/offline/mocks";
import { sampleRoster } from "../../cli/offline/sample-roster";
import { everyOptionOn, runCourse, type CourseRun, type RunCourseOptions } from "../support/run-course";
import {
  LABELLED_FIELDS,
  T,
  argsInterfaceOf,
  argsProperties,
  at,
  byName,
  inputTypeOf,
  mockOutputs,
  strings,
  studentOf,
} from "../support/resources";

/** Security, label and teardown rules that hold for every resource of every stack. */
const STACKS: Record<string, RunCourseOptions> = {
  dev: { stack: "dev" },
  course: { stack: "course" },
  "course with 150 generated students": {
    stack: "course",
    roster: sampleRoster(150, { withoutRepoEvery: 7 }),
    config: { gpuQuota: ["GPUS_ALL_REGIONS=200", "NVIDIA_T4_GPUS@europe-west1=200"] },
  },
  "dev with every option on": {
    stack: "dev",
    config: {
      ...everyOptionOn("course-cloud-sandbox"),
      billingAccount: "012345-6789AB-CDEF01",
      instructors: ["lead@example.edu", "ta@example.edu"],
      maxRunHours: 6,
      gpu: "nvidia-tesla-t4",
      machineType: "n1-standard-4",
      spot: false,
    },
  },
};

const runs = new Map<string, { run: CourseRun; students: string[]; project: string }>();

before(async () => {
  for (const [label, options] of Object.entries(STACKS)) {
    const run = await runCourse(options);
    const students = Object.keys((run.outputs?.students ?? {}) as Record<string, unknown>);
    const project = inputsProject(run);
    runs.set(label, { run, students, project });
  }
});

function inputsProject(run: CourseRun): string {
  const service = run.cloudResources.find((r) => r.type === T.service);
  return service!.inputs.project as string;
}

const isGpuVm = (vm: RegisteredResource) =>
  (vm.inputs.guestAccelerators as unknown[]).length > 0 || /^(g2|a2|a3)-/.test(vm.inputs.machineType as string);

for (const label of Object.keys(STACKS)) {
  void describe(`invariants: ${label}`, () => {
    const get = () => runs.get(label)!;

    void test("the stack has students and their VMs", () => {
      const { run, students } = get();
      assert.ok(students.length >= 3);
      assert.equal(byName(run, T.instance).size, students.length);
    });

    void test("no public principal anywhere", () => {
      for (const r of get().run.cloudResources) {
        for (const s of strings(r.inputs)) {
          assert.doesNotMatch(s, /allUsers|allAuthenticatedUsers/, `${r.type} ${r.name}`);
        }
      }
    });

    void test("no basic role (owner, editor, viewer) to anyone", () => {
      for (const r of get().run.cloudResources) {
        for (const s of strings(r.inputs)) {
          assert.doesNotMatch(s, /^roles\/(owner|editor|viewer)$/, `${r.type} ${r.name}`);
        }
      }
    });

    void test("IAM is additive members only: no bindings, no policies, no service account keys", () => {
      for (const r of get().run.cloudResources) {
        assert.doesNotMatch(r.type, /IAMBinding|IamBinding|IAMPolicy|IamPolicy/, r.name);
        assert.notEqual(r.type, "gcp:serviceaccount/key:Key", r.name);
      }
    });

    void test("no firewall rule is open to the internet; ingress only from IAP's range", () => {
      const firewalls = [...byName(get().run, T.firewall).values()];
      assert.ok(firewalls.length > 0);
      for (const rule of firewalls) {
        const ranges = (rule.inputs.sourceRanges ?? []) as string[];
        assert.ok(!ranges.includes("0.0.0.0/0") && !ranges.includes("::/0"), rule.name);
        if (rule.inputs.direction === "INGRESS") assert.deepEqual(ranges, ["35.235.240.0/20"], rule.name);
      }
    });

    void test("every VM: OS Login, own service account, no external IP, no serial port, shielded, stop schedule", () => {
      const { run, project } = get();
      const schedule = mockOutputs(project, [...byName(run, T.resourcePolicy).values()][0]!).selfLink;
      const accounts = new Set(
        [...byName(run, T.account).values()].map(
          (a) => `${a.inputs.accountId as string}@${project}.iam.gserviceaccount.com`,
        ),
      );
      for (const vm of byName(run, T.instance).values()) {
        const metadata = vm.inputs.metadata as Record<string, string>;
        assert.equal(metadata["enable-oslogin"], "TRUE", vm.name);
        assert.equal(metadata["block-project-ssh-keys"], "TRUE", vm.name);
        assert.equal(metadata["serial-port-enable"], "FALSE", vm.name);
        const email = at(vm.inputs, ["serviceAccount", "email"]) as string;
        assert.ok(accounts.has(email), `${vm.name} runs as ${email}, not as a student account`);
        assert.doesNotMatch(email, /-compute@developer\.gserviceaccount\.com$/);
        for (const nic of vm.inputs.networkInterfaces as Record<string, unknown>[]) {
          assert.equal(nic.accessConfigs, undefined, vm.name);
          assert.doesNotMatch(String(nic.subnetwork), /\/default$/, vm.name);
          assert.equal(nic.network, undefined, vm.name);
        }
        assert.equal(vm.inputs.canIpForward, false, vm.name);
        assert.equal(at(vm.inputs, ["shieldedInstanceConfig", "enableVtpm"]), true, vm.name);
        assert.equal(at(vm.inputs, ["shieldedInstanceConfig", "enableIntegrityMonitoring"]), true, vm.name);
        assert.equal(vm.inputs.resourcePolicies, schedule, vm.name);
      }
    });

    void test("every GPU VM terminates on host maintenance and installs the driver; Secure Boot only without GPU", () => {
      const vms = [...byName(get().run, T.instance).values()];
      if (!label.startsWith("dev ") && label !== "dev") assert.ok(vms.some(isGpuVm), "no GPU VM to check");
      if (label === "dev with every option on") assert.ok(vms.every(isGpuVm));
      for (const vm of vms) {
        const gpu = isGpuVm(vm);
        if (gpu) {
          assert.equal(at(vm.inputs, ["scheduling", "onHostMaintenance"]), "TERMINATE", vm.name);
          assert.equal(at(vm.inputs, ["metadata", "install-nvidia-driver"]), "True", vm.name);
          assert.match(
            at(vm.inputs, ["bootDisk", "initializeParams", "image"]) as string,
            /^projects\/deeplearning-platform-release\//,
          );
        }
        assert.equal(at(vm.inputs, ["shieldedInstanceConfig", "enableSecureBoot"]), !gpu, vm.name);
      }
    });

    void test("every bucket: uniform access, public access prevention enforced, versioned", () => {
      for (const bucket of byName(get().run, T.bucket).values()) {
        assert.equal(bucket.inputs.uniformBucketLevelAccess, true, bucket.name);
        assert.equal(bucket.inputs.publicAccessPrevention, "enforced", bucket.name);
        assert.deepEqual(bucket.inputs.versioning, { enabled: true }, bucket.name);
      }
    });

    void test("no secret value anywhere: secrets have no versions", () => {
      assert.equal(byName(get().run, T.secretVersion).size, 0);
    });

    void test("every labellable resource carries course, stack and managed-by, and student ones the student", () => {
      const { run, students } = get();
      const stack = label.startsWith("dev") ? "dev" : "course";
      let checked = 0;
      for (const r of run.cloudResources) {
        const fields = LABELLED_FIELDS[r.type];
        if (!fields) continue;
        const owner = studentOf(r, students);
        for (const field of fields) {
          const labels = at(r.inputs, field) as Record<string, string> | undefined;
          assert.ok(labels, `${r.type} ${r.name} has no ${field.join(".")}`);
          assert.equal(labels["managed-by"], "course-cloud", `${r.name} ${field.join(".")}`);
          assert.equal(labels.stack, stack, `${r.name} ${field.join(".")}`);
          assert.match(labels.course ?? "", /^mlops-(e27|dev)$/, `${r.name} ${field.join(".")}`);
          assert.equal(labels.student, owner, `${r.name} ${field.join(".")}`);
          checked++;
        }
      }
      // Per student at least the VM (twice: instance and boot disk), the bucket and the repository.
      assert.ok(checked >= students.length * 4, `only ${checked} label sets checked`);
    });
  });
}

void describe("labellable types are checked against the provider's typings", () => {
  void test("every registered gcp type whose Args take labels is in the list, and the list names real fields", () => {
    const types = new Set<string>();
    for (const { run } of runs.values()) for (const r of run.cloudResources) types.add(r.type);
    const gcpTypes = [...types].filter((t) => t.startsWith("gcp:"));
    assert.ok(gcpTypes.length >= 25, `only ${gcpTypes.length} gcp types registered`);
    for (const type of gcpTypes) {
      const properties = argsProperties(type);
      assert.ok(properties.length > 0, `no properties read for ${type}`);
      if (properties.includes("labels") || properties.includes("userLabels")) {
        assert.ok(LABELLED_FIELDS[type], `${type} takes labels but is not in LABELLED_FIELDS`);
      }
    }
    for (const [type, fields] of Object.entries(LABELLED_FIELDS)) {
      assert.ok(gcpTypes.includes(type), `${type} is listed but never registered`);
      for (const field of fields) {
        if (field.length === 1) assert.ok(argsProperties(type).includes(field[0]!), `${type} has no ${field[0]}`);
      }
    }
    // The boot disk's labels: Instance.bootDisk -> InstanceBootDisk.initializeParams -> its labels.
    assert.match(argsInterfaceOf(T.instance), /^ {4}bootDisk\??: pulumi\.Input<inputs\.compute\.InstanceBootDisk>/m);
    assert.match(
      inputTypeOf("compute", "InstanceBootDisk"),
      /^ {8}initializeParams\??: pulumi\.Input<inputs\.compute\.InstanceBootDiskInitializeParams/m,
    );
    assert.match(inputTypeOf("compute", "InstanceBootDiskInitializeParams"), /^ {8}labels\?:/m);
  });
});
