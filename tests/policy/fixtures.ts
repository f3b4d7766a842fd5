/**
 * Resources as the course program registers them (inputs, as the engine hands them to policies), for policy tests
 * to start from and break one setting at a time.
 */
import { T } from "../../policy/policies/support";

export const LABELS = { course: "mlops-e27", stack: "course", "managed-by": "course-cloud", student: "s270001" };

const STOP_SCHEDULE =
  "https://www.googleapis.com/compute/v1/projects/mlops-course-e27/regions/europe-west1/resourcePolicies/mlops-e27-nightly-stop";

/** A CPU-only student VM that passes every policy. */
export function cpuVm(): Record<string, unknown> {
  return {
    name: "mlops-e27-s270001",
    zone: "europe-west1-b",
    machineType: "e2-medium",
    bootDisk: { autoDelete: true, initializeParams: { image: "ubuntu-os-cloud/ubuntu-2404-lts-amd64", size: 50 } },
    guestAccelerators: [],
    networkInterfaces: [{ subnetwork: "projects/mlops-course-e27/regions/europe-west1/subnetworks/mlops-e27-subnet" }],
    serviceAccount: {
      email: "mlops-e27-s270001@mlops-course-e27.iam.gserviceaccount.com",
      scopes: ["https://www.googleapis.com/auth/cloud-platform"],
    },
    scheduling: {
      provisioningModel: "STANDARD",
      preemptible: false,
      onHostMaintenance: "MIGRATE",
      automaticRestart: true,
    },
    metadata: { "enable-oslogin": "TRUE", "block-project-ssh-keys": "TRUE", "serial-port-enable": "FALSE" },
    shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true },
    canIpForward: false,
    tags: ["mlops-e27-vm"],
    labels: { ...LABELS },
    resourcePolicies: STOP_SCHEDULE,
  };
}

/** A student VM with one attached T4 that passes every policy (no Secure Boot: the NVIDIA module is unsigned). */
export function t4Vm(): Record<string, unknown> {
  return {
    ...cpuVm(),
    machineType: "n1-standard-4",
    guestAccelerators: [{ type: "nvidia-tesla-t4", count: 1 }],
    scheduling: {
      provisioningModel: "STANDARD",
      preemptible: false,
      onHostMaintenance: "TERMINATE",
      automaticRestart: true,
    },
    metadata: { ...(cpuVm().metadata as object), "install-nvidia-driver": "True" },
    shieldedInstanceConfig: { enableSecureBoot: false, enableVtpm: true, enableIntegrityMonitoring: true },
  };
}

/** A student VM whose machine type carries its L4 GPU (G2) that passes every policy. */
export function l4Vm(): Record<string, unknown> {
  return { ...t4Vm(), machineType: "g2-standard-4", guestAccelerators: [] };
}

export const vm = (props: Record<string, unknown>) => ({ type: T.instance, props });

/** The course's IAP-only SSH rule. */
export function iapSshRule(): Record<string, unknown> {
  return {
    name: "mlops-e27-allow-iap-ssh",
    network: "projects/mlops-course-e27/global/networks/mlops-e27-net",
    direction: "INGRESS",
    sourceRanges: ["35.235.240.0/20"],
    targetTags: ["mlops-e27-vm"],
    allows: [{ protocol: "tcp", ports: ["22"] }],
  };
}

/** A student bucket that passes every policy. */
export function studentBucket(): Record<string, unknown> {
  return {
    name: "mlops-e27-s270001-0a1b2c3d",
    location: "EU",
    storageClass: "STANDARD",
    versioning: { enabled: true },
    uniformBucketLevelAccess: true,
    publicAccessPrevention: "enforced",
    forceDestroy: false,
    labels: { ...LABELS },
  };
}

/** The course's nightly stop schedule. */
export function stopSchedule(): Record<string, unknown> {
  return {
    name: "mlops-e27-nightly-stop",
    region: "europe-west1",
    instanceSchedulePolicy: { vmStopSchedule: { schedule: "0 22 * * *" }, timeZone: "Europe/Copenhagen" },
  };
}
