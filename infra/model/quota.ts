import { acceleratorFacts, knownAcceleratorTypes } from "./catalog/accelerators";

/**
 * GPU quota check. Compute Engine has two layers: the global `GPUS_ALL_REGIONS` and a regional metric per model
 * (`NVIDIA_T4_GPUS`, ...), with `PREEMPTIBLE_` variants that Spot VMs use when the project has them (otherwise
 * Spot VMs count against the regular metric). The check assumes every VM runs at once.
 */

export const GLOBAL_GPU_METRIC = "GPUS_ALL_REGIONS";

export interface GpuVm {
  readonly gpuType: string;
  readonly count: number;
  readonly region: string;
  readonly spot: boolean;
}

/** A declared quota: `METRIC=N` (global) or `METRIC@region=N`. */
export interface QuotaLimit {
  readonly metric: string;
  readonly region?: string;
  readonly limit: number;
}

export function parseQuota(entries: readonly string[]): QuotaLimit[] {
  return entries.map((entry) => {
    const [key, limit] = entry.split("=") as [string, string];
    const [metric, region] = key.split("@") as [string, string | undefined];
    return { metric, ...(region ? { region } : {}), limit: Number(limit) };
  });
}

export interface QuotaNeed {
  readonly metric: string;
  readonly region?: string;
  readonly needed: number;
}

const keyOf = (metric: string, region?: string) => (region ? `${metric}@${region}` : metric);

/**
 * What the class needs, per metric. Spot demand goes to the `PREEMPTIBLE_` metric only where that metric is declared
 * for the region; otherwise it counts against the regular metric, as Compute Engine does without preemptible quota.
 */
export function quotaNeeds(vms: readonly GpuVm[], declared: readonly QuotaLimit[] = []): QuotaNeed[] {
  const needs = new Map<string, QuotaNeed>();
  const add = (metric: string, region: string | undefined, count: number) => {
    const key = keyOf(metric, region);
    const previous = needs.get(key)?.needed ?? 0;
    needs.set(key, { metric, ...(region ? { region } : {}), needed: previous + count });
  };
  const isDeclared = (metric: string, region: string) =>
    declared.some((q) => q.metric === metric && q.region === region);
  for (const vm of vms) {
    const metric = acceleratorFacts(vm.gpuType)?.quotaMetric;
    if (!metric) continue;
    add(GLOBAL_GPU_METRIC, undefined, vm.count);
    const preemptible = `PREEMPTIBLE_${metric}`;
    add(vm.spot && isDeclared(preemptible, vm.region) ? preemptible : metric, vm.region, vm.count);
  }
  return [...needs.values()].sort((a, b) => keyOf(a.metric, a.region).localeCompare(keyOf(b.metric, b.region)));
}

/** One message per exceeded quota, naming the metric to raise. Undeclared metrics are not checked. */
export function quotaProblems(vms: readonly GpuVm[], declared: readonly QuotaLimit[]): string[] {
  const problems: string[] = [];
  for (const need of quotaNeeds(vms, declared)) {
    const quota = declared.find((q) => q.metric === need.metric && q.region === need.region);
    if (!quota || need.needed <= quota.limit) continue;
    const where = need.region ? ` in region ${need.region}` : " (all regions)";
    problems.push(
      `the class needs ${need.needed} ${need.needed === 1 ? "GPU" : "GPUs"} under quota ${need.metric}${where}, but the quota is ${quota.limit}: request an increase of ${need.metric}${where} to at least ${need.needed} (IAM & Admin > Quotas), or give some students spot/another GPU/none`,
    );
  }
  return problems;
}

/**
 * Declarations the check could never use, which would otherwise pass silently: a metric no catalog GPU counts
 * against, a regional metric without its region or for another region than the course's, the global metric with a
 * region.
 */
export function quotaDeclarationProblems(declared: readonly QuotaLimit[], courseRegion: string): string[] {
  const regional = new Set(
    knownAcceleratorTypes().flatMap((type) => {
      const metric = acceleratorFacts(type)?.quotaMetric;
      return metric ? [metric, `PREEMPTIBLE_${metric}`] : [];
    }),
  );
  return declared.flatMap((q): string[] => {
    const entry = `${keyOf(q.metric, q.region)}=${q.limit}`;
    if (q.metric === GLOBAL_GPU_METRIC) {
      return q.region ? [`${entry}: ${q.metric} is global; write ${q.metric}=${q.limit}`] : [];
    }
    if (!regional.has(q.metric)) {
      const known = [GLOBAL_GPU_METRIC, ...[...regional].sort()].join(", ");
      return [`${entry}: no GPU of the catalog counts against ${q.metric}; known metrics: ${known}`];
    }
    if (!q.region) return [`${entry}: ${q.metric} is a regional quota; write ${q.metric}@${courseRegion}=${q.limit}`];
    if (q.region !== courseRegion) {
      return [
        `${entry}: the course runs in ${courseRegion}, so this quota is never used; write ${q.metric}@${courseRegion}=${q.limit}`,
      ];
    }
    return [];
  });
}
