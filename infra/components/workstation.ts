import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { childOptions } from "./options";
import type { Labels } from "../model/labels";
import type { VmPlan } from "../model/plan";
import { VM_IGNORED_CHANGES } from "../model/resource-options";

export interface WorkstationArgs {
  readonly vm: VmPlan;
  readonly labels: Labels;
  readonly serviceAccountEmail: pulumi.Input<string>;
  readonly subnet: pulumi.Input<string>;
  readonly stopSchedule: pulumi.Input<string>;
}

/**
 * A student's Compute Engine VM, exactly as planned: no external IP, OS Login, Shielded VM, the student's own
 * service account, attached to the course's nightly stop schedule.
 */
export class Workstation extends pulumi.ComponentResource {
  readonly instance: gcp.compute.Instance;

  constructor(name: string, args: WorkstationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("course-cloud:student:Workstation", name, {}, opts);
    const { vm } = args;
    const scheduling = vm.scheduling;
    this.instance = new gcp.compute.Instance(
      `${name}-vm`,
      {
        name: vm.name,
        zone: vm.zone,
        machineType: vm.machineType,
        bootDisk: {
          autoDelete: true,
          initializeParams: { image: vm.image, size: vm.bootDiskGb, type: vm.bootDiskType, labels: { ...args.labels } },
        },
        guestAccelerators: vm.gpu?.attach === "attached" ? [{ type: vm.gpu.type, count: vm.gpu.count }] : [],
        // No accessConfigs: no external IP; egress goes through the course's Cloud NAT.
        networkInterfaces: [{ subnetwork: args.subnet }],
        serviceAccount: { email: args.serviceAccountEmail, scopes: ["https://www.googleapis.com/auth/cloud-platform"] },
        scheduling: {
          provisioningModel: scheduling.provisioningModel,
          preemptible: scheduling.preemptible,
          onHostMaintenance: scheduling.onHostMaintenance,
          automaticRestart: scheduling.automaticRestart,
          ...(scheduling.instanceTerminationAction
            ? { instanceTerminationAction: scheduling.instanceTerminationAction }
            : {}),
          ...(scheduling.maxRunDurationSeconds
            ? { maxRunDuration: { seconds: scheduling.maxRunDurationSeconds } }
            : {}),
        },
        metadata: { ...vm.metadata },
        shieldedInstanceConfig: {
          enableSecureBoot: vm.shieldedVm.secureBoot,
          enableVtpm: vm.shieldedVm.vtpm,
          enableIntegrityMonitoring: vm.shieldedVm.integrityMonitoring,
        },
        canIpForward: false,
        enableDisplay: false,
        tags: [...vm.networkTags],
        labels: { ...args.labels },
        resourcePolicies: args.stopSchedule,
        // Machine type and GPU changes stop the VM and update it in place instead of failing.
        allowStoppingForUpdate: true,
      },
      { ...childOptions(this, opts), ignoreChanges: [...VM_IGNORED_CHANGES] },
    );
    this.registerOutputs({ name: this.instance.name, zone: this.instance.zone });
  }
}
