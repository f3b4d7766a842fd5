import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  COMPUTE_POLICIES,
  notDefaultNetwork,
  vmBlockProjectSshKeys,
  vmGpuTerminatesOnMaintenance,
  vmNoExternalIp,
  vmNoIpForwarding,
  vmNoSerialPort,
  vmOsLogin,
  vmOwnServiceAccount,
  vmShielded,
} from "../../policy/policies/compute";
import { T } from "../../policy/policies/support";
import { validateResource } from "./fake-engine";
import { cpuVm, l4Vm, t4Vm, vm } from "./fixtures";

const withMetadata = (extra: Record<string, string>) => ({
  ...cpuVm(),
  metadata: { ...(cpuVm().metadata as Record<string, string>), ...extra },
});

describe("the course's VMs pass every compute policy", () => {
  const policies = COMPUTE_POLICIES;
  for (const [label, props] of [
    ["CPU VM", cpuVm()],
    ["T4 VM", t4Vm()],
    ["L4 (G2) VM", l4Vm()],
  ] as const) {
    test(label, async () => {
      for (const policy of policies) {
        assert.deepEqual(await validateResource(policy, vm(props)), { violations: [] }, policy.name);
      }
    });
  }
});

test("compute policies do not apply to other resource types", async () => {
  const outcome = await validateResource(vmOwnServiceAccount, { type: T.bucket, props: {} });
  assert.equal(outcome.violations.length, 0);
  assert.match(outcome.notApplicable ?? "", /does not apply to gcp:storage\/bucket:Bucket/);
});

test("vm-own-service-account rejects the default compute account and a VM without an account", async () => {
  const defaultAccount = {
    ...cpuVm(),
    serviceAccount: { email: "123456789012-compute@developer.gserviceaccount.com", scopes: [] },
  };
  assert.deepEqual((await validateResource(vmOwnServiceAccount, vm(defaultAccount))).violations, [
    "the VM runs as the default compute service account (123456789012-compute@developer.gserviceaccount.com)",
  ]);
  const literalDefault = { ...cpuVm(), serviceAccount: { email: "default", scopes: [] } };
  assert.equal((await validateResource(vmOwnServiceAccount, vm(literalDefault))).violations.length, 1);
  const none = { ...cpuVm(), serviceAccount: undefined };
  assert.deepEqual((await validateResource(vmOwnServiceAccount, vm(none))).violations, [
    "the VM names no service account; it must run as the student's own account",
  ]);
});

test("vm-os-login requires enable-oslogin on the VM and rejects turning it off for the project", async () => {
  for (const value of ["FALSE", "false", "0"]) {
    assert.deepEqual((await validateResource(vmOsLogin, vm(withMetadata({ "enable-oslogin": value })))).violations, [
      "metadata enable-oslogin is not TRUE",
    ]);
  }
  assert.deepEqual((await validateResource(vmOsLogin, vm(withMetadata({ "enable-oslogin": "true" })))).violations, []);
  const noMetadata = { ...cpuVm(), metadata: {} };
  assert.equal((await validateResource(vmOsLogin, vm(noMetadata))).violations.length, 1);
  const item = (value: string) => ({ type: T.projectMetadataItem, props: { key: "enable-oslogin", value } });
  assert.deepEqual((await validateResource(vmOsLogin, item("FALSE"))).violations, [
    "project metadata turns OS Login off",
  ]);
  assert.deepEqual((await validateResource(vmOsLogin, item("TRUE"))).violations, []);
  const otherItem = { type: T.projectMetadataItem, props: { key: "startup-script", value: "echo" } };
  assert.deepEqual((await validateResource(vmOsLogin, otherItem)).violations, []);
  const projectMetadata = { type: T.projectMetadata, props: { metadata: { "enable-oslogin": "FALSE" } } };
  assert.equal((await validateResource(vmOsLogin, projectMetadata)).violations.length, 1);
});

test("vm-block-project-ssh-keys requires block-project-ssh-keys", async () => {
  const off = vm(withMetadata({ "block-project-ssh-keys": "FALSE" }));
  assert.deepEqual((await validateResource(vmBlockProjectSshKeys, off)).violations, [
    "metadata block-project-ssh-keys is not TRUE",
  ]);
});

test("vm-no-serial-port rejects serial port access on a VM or the project", async () => {
  assert.deepEqual(
    (await validateResource(vmNoSerialPort, vm(withMetadata({ "serial-port-enable": "TRUE" })))).violations,
    ["serial-port-enable is on"],
  );
  const withoutKey = { ...cpuVm(), metadata: { "enable-oslogin": "TRUE", "block-project-ssh-keys": "TRUE" } };
  assert.deepEqual((await validateResource(vmNoSerialPort, vm(withoutKey))).violations, []);
  const item = { type: T.projectMetadataItem, props: { key: "serial-port-enable", value: "1" } };
  assert.deepEqual((await validateResource(vmNoSerialPort, item)).violations, ["serial-port-enable is on"]);
});

test("vm-no-ip-forwarding rejects canIpForward", async () => {
  assert.deepEqual((await validateResource(vmNoIpForwarding, vm({ ...cpuVm(), canIpForward: true }))).violations, [
    "canIpForward is true",
  ]);
});

test("vm-no-external-ip rejects IPv4 and IPv6 access configs", async () => {
  const external = {
    ...cpuVm(),
    networkInterfaces: [
      { subnetwork: "projects/p/regions/r/subnetworks/s" },
      { subnetwork: "projects/p/regions/r/subnetworks/s", accessConfigs: [{}], ipv6AccessConfigs: [{}] },
    ],
  };
  assert.deepEqual((await validateResource(vmNoExternalIp, vm(external))).violations, [
    "network interface 1 has an external IPv4 address",
    "network interface 1 has an external IPv6 address",
  ]);
});

test("vm-shielded requires vTPM and integrity monitoring, and Secure Boot unless the VM has a GPU", async () => {
  const shielded = (config: Record<string, boolean>, base = cpuVm()) => vm({ ...base, shieldedInstanceConfig: config });
  assert.deepEqual(
    (
      await validateResource(
        vmShielded,
        shielded({ enableSecureBoot: true, enableVtpm: false, enableIntegrityMonitoring: true }),
      )
    ).violations,
    ["vTPM is not enabled"],
  );
  assert.deepEqual(
    (
      await validateResource(
        vmShielded,
        shielded({ enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: false }),
      )
    ).violations,
    ["integrity monitoring is not enabled"],
  );
  assert.deepEqual(
    (
      await validateResource(
        vmShielded,
        shielded({ enableSecureBoot: false, enableVtpm: true, enableIntegrityMonitoring: true }),
      )
    ).violations,
    ["Secure Boot is off on a VM without a GPU"],
  );
  assert.equal(
    (await validateResource(vmShielded, vm({ ...cpuVm(), shieldedInstanceConfig: undefined }))).violations.length,
    3,
  );
  // A GPU VM may run without Secure Boot, but not without vTPM.
  const gpuWithoutVtpm = shielded(
    { enableSecureBoot: false, enableVtpm: false, enableIntegrityMonitoring: true },
    t4Vm(),
  );
  assert.deepEqual((await validateResource(vmShielded, gpuWithoutVtpm)).violations, ["vTPM is not enabled"]);
});

test("vm-gpu-terminate-on-maintenance applies to attached and built-in GPUs", async () => {
  const migrate = { onHostMaintenance: "MIGRATE" };
  const expected = ["a GPU VM must set scheduling.onHostMaintenance to TERMINATE"];
  assert.deepEqual(
    (await validateResource(vmGpuTerminatesOnMaintenance, vm({ ...t4Vm(), scheduling: migrate }))).violations,
    expected,
  );
  assert.deepEqual(
    (await validateResource(vmGpuTerminatesOnMaintenance, vm({ ...l4Vm(), scheduling: migrate }))).violations,
    expected,
  );
  // A CPU VM may live-migrate.
  assert.deepEqual(
    (await validateResource(vmGpuTerminatesOnMaintenance, vm({ ...cpuVm(), scheduling: migrate }))).violations,
    [],
  );
});

test("vm-not-default-network rejects the default network in any spelling, and a network named default", async () => {
  const on = (nic: Record<string, string>) => vm({ ...cpuVm(), networkInterfaces: [nic] });
  const expected = ["network interface 0 is on the default network"];
  assert.deepEqual((await validateResource(notDefaultNetwork, on({ network: "default" }))).violations, expected);
  assert.deepEqual(
    (await validateResource(notDefaultNetwork, on({ network: "projects/p/global/networks/default" }))).violations,
    expected,
  );
  assert.deepEqual(
    (await validateResource(notDefaultNetwork, on({ subnetwork: "projects/p/regions/r/subnetworks/default" })))
      .violations,
    expected,
  );
  assert.deepEqual((await validateResource(notDefaultNetwork, on({}))).violations, [
    "network interface 0 names neither network nor subnetwork, so it joins the default network",
  ]);
  // A course network whose name merely contains "default" is fine.
  assert.deepEqual(
    (await validateResource(notDefaultNetwork, on({ network: "projects/p/global/networks/default-course" })))
      .violations,
    [],
  );
  const network = (name: string) => ({ type: T.network, props: { name, autoCreateSubnetworks: false } });
  assert.deepEqual((await validateResource(notDefaultNetwork, network("default"))).violations, [
    "a network named default",
  ]);
  assert.deepEqual((await validateResource(notDefaultNetwork, network("mlops-e27-net"))).violations, []);
});
