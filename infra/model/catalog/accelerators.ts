import { ACCELERATORS, REGION_ZONES, type AcceleratorFacts } from "./data/gpus";
import { machineShape, machineTypesIn, takesAttachedGpus } from "./machines";

/** The value of `gpu` (config or roster) that asks for a VM without a GPU. */
export const NO_GPU = "none";

/** Machine type for a student whose roster `gpu: none` cannot use the course machine type (it carries a GPU). */
export const CPU_FALLBACK_MACHINE_TYPE = "e2-standard-4";

const BY_TYPE = new Map(ACCELERATORS.map((a) => [a.type, a]));

export function acceleratorFacts(type: string): AcceleratorFacts | undefined {
  return BY_TYPE.get(type);
}

export function knownAcceleratorTypes(): string[] {
  return ACCELERATORS.map((a) => a.type);
}

export function knownRegions(): string[] {
  return Object.keys(REGION_ZONES).sort();
}

export function zonesOfRegion(region: string): readonly string[] {
  return REGION_ZONES[region] ?? [];
}

/** Zones of `region` that offer the accelerator (every zone of the region for a CPU-only VM), in catalog order. */
export function zonesOffering(gpuType: string | undefined, region: string): string[] {
  const inRegion = zonesOfRegion(region);
  if (gpuType === undefined) return [...inRegion];
  const facts = BY_TYPE.get(gpuType);
  return facts ? facts.zones.filter((z) => inRegion.includes(z)) : [];
}

export interface GpuChoice {
  readonly type: string;
  readonly count: number;
  /** `attached`: the VM gets guestAccelerators; `built-in`: the machine type carries the GPU. */
  readonly attach: "attached" | "built-in";
}

export interface Hardware {
  readonly machineType: string;
  readonly gpu?: GpuChoice;
}

/** The setting a hardware problem is about: where the user has to make the change. */
export type HardwareSetting = "region" | "gpu" | "gpuCount" | "machineType";

export type HardwareResult =
  | { readonly ok: true; readonly hardware: Hardware }
  | { readonly ok: false; readonly problems: string[]; readonly setting: HardwareSetting };

export interface HardwareRequest {
  readonly machineType: string;
  /** An accelerator type or `none`. */
  readonly gpu: string;
  readonly gpuCount: number;
  readonly region: string;
}

function fail(setting: HardwareSetting, problem: string): HardwareResult {
  return { ok: false, problems: [problem], setting };
}

/**
 * Checks that a machine type and a GPU can go together in a region, and says what would work when they cannot.
 * Used as is for the course config; per-student overrides go through `resolveStudentHardware`.
 */
export function resolveHardware(request: HardwareRequest): HardwareResult {
  const { machineType, gpu, gpuCount, region } = request;
  if (!zonesOfRegion(region).length) {
    return fail("region", `region ${region} is not in the catalog; known regions: ${knownRegions().join(", ")}`);
  }
  const facts = BY_TYPE.get(gpu);
  if (gpu !== NO_GPU && !facts) {
    return fail("gpu", `unknown accelerator type "${gpu}"; known: ${knownAcceleratorTypes().join(", ")}, or ${NO_GPU}`);
  }
  // Where the GPU is, is the first thing to settle: no machine type helps in a region without it.
  if (facts && zonesOffering(gpu, region).length === 0) {
    return fail("gpu", `${region} offers no ${gpu}; zones that do: ${facts.zones.join(", ")}`);
  }
  const shape = machineShape(machineType);
  if (!shape || !machineTypesIn(region).includes(machineType)) {
    return fail(
      "machineType",
      `machine type ${machineType} is not in the catalog for ${region}; known there: ${machineTypesIn(region).join(", ")}`,
    );
  }
  if (!facts) {
    if (shape.builtInGpu) {
      return fail(
        "machineType",
        `${machineType} always carries ${shape.builtInGpu.type}; for a VM without a GPU choose a machine type without one, e.g. ${CPU_FALLBACK_MACHINE_TYPE}`,
      );
    }
    return { ok: true, hardware: { machineType } };
  }
  if (facts.attach === "built-in") {
    if (shape.builtInGpu?.type !== gpu) {
      return fail(
        "machineType",
        `${gpu} is built into ${facts.machinePrefix}*; set machineType to ${facts.suggestedMachineType} and drop the accelerator` +
          (shape.builtInGpu ? ` (${machineType} carries ${shape.builtInGpu.type})` : ""),
      );
    }
    if (gpuCount !== shape.builtInGpu.count) {
      const withCount = machineTypesIn(region).filter((type) => {
        const carried = machineShape(type)?.builtInGpu;
        return carried?.type === gpu && carried.count === gpuCount;
      });
      const alternative =
        withCount.length > 0
          ? `set machineType to ${withCount.join(" or ")}`
          : `no ${facts.machinePrefix}* machine type in ${region} carries ${gpuCount}`;
      return fail(
        "gpuCount",
        `${machineType} carries ${shape.builtInGpu.count} x ${gpu}, not ${gpuCount}; set gpuCount to ${shape.builtInGpu.count}, or ${alternative}`,
      );
    }
    return { ok: true, hardware: { machineType, gpu: { type: gpu, count: gpuCount, attach: "built-in" } } };
  }
  if (shape.builtInGpu) {
    return fail(
      "machineType",
      `${machineType} carries ${shape.builtInGpu.type} and cannot take ${gpu}; ${gpu} attaches to N1 machine types, e.g. set machineType to ${facts.suggestedMachineType}`,
    );
  }
  if (!takesAttachedGpus(machineType)) {
    return fail(
      "machineType",
      `${gpu} attaches only to N1 machine types, not ${machineType}; set machineType to ${facts.suggestedMachineType}`,
    );
  }
  const limit = facts.counts?.[gpuCount];
  if (!limit) {
    return fail("gpuCount", `${gpu} comes in counts of ${Object.keys(facts.counts ?? {}).join(", ")}, not ${gpuCount}`);
  }
  if (shape.vcpu > limit.maxVcpu || shape.ramGb > limit.maxRamGb) {
    return fail(
      "machineType",
      `${machineType} (${shape.vcpu} vCPU, ${shape.ramGb} GB) is larger than ${gpuCount} x ${gpu} allows (at most ${limit.maxVcpu} vCPU, ${limit.maxRamGb} GB); choose a smaller N1 machine type or more GPUs`,
    );
  }
  return { ok: true, hardware: { machineType, gpu: { type: gpu, count: gpuCount, attach: "attached" } } };
}

/**
 * A roster `gpu` override keeps the course machine type and GPU count where they fit the requested GPU; where they
 * do not, the student gets the catalog's suggested machine type for that GPU (one GPU), which the plan report shows.
 */
export function resolveStudentHardware(course: HardwareRequest, gpuOverride: string): HardwareResult {
  const asCourse = resolveHardware({ ...course, gpu: gpuOverride });
  if (asCourse.ok) return asCourse;
  if (gpuOverride === NO_GPU) {
    return resolveHardware({ ...course, gpu: NO_GPU, machineType: CPU_FALLBACK_MACHINE_TYPE });
  }
  const facts = BY_TYPE.get(gpuOverride);
  if (!facts) return asCourse;
  const suggested = machineShape(facts.suggestedMachineType);
  const count = suggested?.builtInGpu?.count ?? 1;
  return resolveHardware({ ...course, gpu: gpuOverride, machineType: facts.suggestedMachineType, gpuCount: count });
}
