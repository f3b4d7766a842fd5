/**
 * Accelerator facts, as data. A snapshot: zone lists and prices drift, so every figure carries its source and the
 * date it was read, and the plan report prints that date.
 *
 * Sources:
 * - SKY: skypilot-org/skypilot-catalog `catalogs/v8/gcp/vms.csv` (accelerator/zone listing and GPU-only prices, 2026)
 *   and skypilot `sky/catalog/gcp_catalog.py` (N1 host limits, citing cloud.google.com/compute/docs/gpus).
 * - DOCS: cloud.google.com/compute/docs/gpus, /compute/resource-usage (quota metric names),
 *   /deep-learning-vm/docs/images (image families).
 */

export const GPU_FACTS_SOURCE =
  "skypilot-catalog v8 (2026) and cloud.google.com/compute/docs/gpus; prices are list USD without discounts";
export const GPU_FACTS_AS_OF = "2026-07-30";

export type AttachMode = "attached" | "built-in";

export interface HostLimit {
  readonly maxVcpu: number;
  readonly maxRamGb: number;
}

export interface AcceleratorFacts {
  readonly type: string;
  /** `attached`: N1 machine + guestAccelerators; `built-in`: the machine type carries the GPU. */
  readonly attach: AttachMode;
  /** attached: allowed counts with the N1 host limits for each. */
  readonly counts?: Readonly<Record<number, HostLimit>>;
  /** built-in: machine type family prefix, e.g. `g2-standard-` (machine types themselves are in the price data). */
  readonly machinePrefix?: string;
  /** The machine type suggested when the course's machine type does not fit this accelerator. */
  readonly suggestedMachineType: string;
  readonly zones: readonly string[];
  /** attached only: GPU price per hour per region, on demand and spot (built-in GPUs are in the machine price). */
  readonly gpuUsdPerHour?: Readonly<Record<string, { readonly onDemand: number; readonly spot: number }>>;
  /** Regional quota metric; spot VMs use the `PREEMPTIBLE_` variant. */
  readonly quotaMetric: string;
}

const T4_LIMITS = {
  1: { maxVcpu: 48, maxRamGb: 312 },
  2: { maxVcpu: 48, maxRamGb: 312 },
  4: { maxVcpu: 96, maxRamGb: 624 },
};

export const ACCELERATORS: readonly AcceleratorFacts[] = [
  {
    type: "nvidia-tesla-t4",
    attach: "attached",
    counts: T4_LIMITS,
    suggestedMachineType: "n1-standard-4",
    zones: [
      "europe-west1-b",
      "europe-west1-c",
      "europe-west1-d",
      "europe-west4-a",
      "europe-west4-b",
      "europe-west4-c",
      "europe-west3-b",
      "us-central1-a",
      "us-central1-b",
      "us-central1-c",
      "us-central1-f",
    ],
    gpuUsdPerHour: {
      "europe-west1": { onDemand: 0.35, spot: 0.14 },
      "europe-west4": { onDemand: 0.3675, spot: 0.175 },
      "europe-west3": { onDemand: 0.41, spot: 0.164 },
      "us-central1": { onDemand: 0.35, spot: 0.175 },
    },
    quotaMetric: "NVIDIA_T4_GPUS",
  },
  {
    type: "nvidia-l4",
    attach: "built-in",
    machinePrefix: "g2-standard-",
    suggestedMachineType: "g2-standard-4",
    zones: [
      "europe-west1-b",
      "europe-west1-c",
      "europe-west4-a",
      "europe-west4-b",
      "europe-west4-c",
      "europe-west3-a",
      "europe-west3-b",
      "us-central1-a",
      "us-central1-b",
      "us-central1-c",
    ],
    quotaMetric: "NVIDIA_L4_GPUS",
  },
  {
    type: "nvidia-tesla-v100",
    attach: "attached",
    counts: {
      1: { maxVcpu: 12, maxRamGb: 78 },
      2: { maxVcpu: 24, maxRamGb: 156 },
      4: { maxVcpu: 48, maxRamGb: 312 },
      8: { maxVcpu: 96, maxRamGb: 624 },
    },
    suggestedMachineType: "n1-standard-8",
    zones: [
      "europe-west4-a",
      "europe-west4-b",
      "europe-west4-c",
      "us-central1-a",
      "us-central1-b",
      "us-central1-c",
      "us-central1-f",
    ],
    gpuUsdPerHour: {
      "europe-west4": { onDemand: 2.604, spot: 1.044 },
      "us-central1": { onDemand: 2.48, spot: 1.089 },
    },
    quotaMetric: "NVIDIA_V100_GPUS",
  },
  {
    type: "nvidia-tesla-p100",
    attach: "attached",
    counts: { 1: { maxVcpu: 16, maxRamGb: 104 }, 2: { maxVcpu: 32, maxRamGb: 208 }, 4: { maxVcpu: 96, maxRamGb: 624 } },
    suggestedMachineType: "n1-standard-8",
    zones: ["europe-west1-b", "europe-west1-d", "europe-west4-a", "us-central1-c", "us-central1-f"],
    gpuUsdPerHour: { "europe-west1": { onDemand: 1.6, spot: 0.282 } },
    quotaMetric: "NVIDIA_P100_GPUS",
  },
  {
    type: "nvidia-tesla-p4",
    attach: "attached",
    counts: { 1: { maxVcpu: 24, maxRamGb: 156 }, 2: { maxVcpu: 48, maxRamGb: 312 }, 4: { maxVcpu: 96, maxRamGb: 624 } },
    suggestedMachineType: "n1-standard-4",
    zones: ["europe-west4-b", "europe-west4-c", "us-central1-a", "us-central1-c"],
    gpuUsdPerHour: { "europe-west4": { onDemand: 0.63, spot: 0.132 } },
    quotaMetric: "NVIDIA_P4_GPUS",
  },
  {
    type: "nvidia-tesla-a100",
    attach: "built-in",
    machinePrefix: "a2-highgpu-",
    suggestedMachineType: "a2-highgpu-1g",
    zones: ["europe-west4-a", "europe-west4-b", "us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"],
    quotaMetric: "NVIDIA_A100_GPUS",
  },
  {
    type: "nvidia-a100-80gb",
    attach: "built-in",
    machinePrefix: "a2-ultragpu-",
    suggestedMachineType: "a2-ultragpu-1g",
    zones: ["europe-west4-a", "us-central1-a", "us-central1-c"],
    quotaMetric: "NVIDIA_A100_80GB_GPUS",
  },
  {
    type: "nvidia-h100-80gb",
    attach: "built-in",
    machinePrefix: "a3-highgpu-",
    suggestedMachineType: "a3-highgpu-1g",
    zones: [
      "europe-west1-b",
      "europe-west1-c",
      "europe-west4-b",
      "europe-west4-c",
      "europe-west3-c",
      "europe-north1-c",
      "us-central1-a",
      "us-central1-b",
      "us-central1-c",
    ],
    quotaMetric: "NVIDIA_H100_GPUS",
  },
];

/**
 * Zones of the regions the catalog knows (cloud.google.com/compute/docs/regions-zones). Zone names are listed, never
 * derived from the region name: Google also has zones such as `europe-west4-ai1a`.
 */
export const REGION_ZONES: Readonly<Record<string, readonly string[]>> = {
  "europe-west1": ["europe-west1-b", "europe-west1-c", "europe-west1-d"],
  "europe-west3": ["europe-west3-a", "europe-west3-b", "europe-west3-c"],
  "europe-west4": ["europe-west4-a", "europe-west4-b", "europe-west4-c"],
  "europe-north1": ["europe-north1-a", "europe-north1-b", "europe-north1-c"],
  "us-central1": ["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"],
};
