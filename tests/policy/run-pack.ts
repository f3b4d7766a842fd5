/** Runs every policy of the pack over registered resources, the way the engine runs a pack over a preview. */
import type { RegisteredResource } from "../../cli/offline/mocks";
import { RESOURCE_POLICIES, STACK_POLICIES } from "../../policy/policies/all";
import { validateResource, validateStack, type FakeResource } from "./fake-engine";

export interface PackResult {
  /** `<policy> <type> <name>: <message>` for every violation. */
  readonly violations: string[];
  /** `<policy> <name>` for every validation a preview's unknown values kept from running (advisory). */
  readonly couldNotRun: string[];
  /** How many resources each resource policy applied to. */
  readonly applied: ReadonlyMap<string, number>;
}

export async function runPack(resources: readonly RegisteredResource[]): Promise<PackResult> {
  const fakes: FakeResource[] = resources
    .filter((r) => r.type !== "pulumi:pulumi:Stack")
    .map((r) => ({ type: r.type, name: r.name, props: r.inputs }));
  const violations: string[] = [];
  const couldNotRun: string[] = [];
  const applied = new Map<string, number>(RESOURCE_POLICIES.map((p) => [p.name, 0]));
  for (const resource of fakes) {
    for (const policy of RESOURCE_POLICIES) {
      const outcome = await validateResource(policy, resource);
      violations.push(...outcome.violations.map((m) => `${policy.name} ${resource.type} ${resource.name}: ${m}`));
      if (outcome.unknown !== undefined) couldNotRun.push(`${policy.name} ${resource.name}`);
      if (outcome.notApplicable === undefined) applied.set(policy.name, (applied.get(policy.name) ?? 0) + 1);
    }
  }
  for (const policy of STACK_POLICIES) {
    const outcome = await validateStack(policy, fakes);
    violations.push(...outcome.violations.map((m) => `${policy.name}: ${m}`));
    if (outcome.unknown !== undefined) couldNotRun.push(`${policy.name} (stack)`);
  }
  return { violations, couldNotRun, applied };
}
