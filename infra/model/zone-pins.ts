import { NO_GPU } from "./catalog/accelerators";
import type { CoursePlan } from "./plan";
import { zonePreference } from "./placement";

/*
 * Balanced placement, recorded in the roster. Hashing each id (placement.ts) never moves a student when others come
 * or go, but balances zones only in expectation: a placement worked out afresh from each roster cannot both leave
 * everyone where they are and keep every zone within one VM of the others. So exact balance is an explicit step whose
 * result is written down: `npm run pin-zones` gives every student without a roster `zone` a pin, and from then on the
 * roster, not the hash, says where each VM is.
 *
 * Within each group of students with the same accelerator type (CPU-only VMs are a group of their own), students
 * without a pin are taken in key order, each to the least-loaded of their candidate zones, ties going to the zone the
 * student's hash prefers (so a student alone in an empty group keeps the zone the plan gave them). Existing pins are
 * never changed and count towards their zone's load. Adding students and running it again pins only the newcomers,
 * filling the least-loaded zones first, so a balanced class stays within one. Removing students can leave a zone
 * short; nothing here rebalances that, because it would move students who are already running, which replaces their
 * VM and destroys its disk.
 */

export interface PinRequest {
  readonly key: string;
  /** Accelerator type of the student's VM; absent for a CPU-only VM. */
  readonly gpu?: string;
  /** The zone the roster already pins the student to: never changed. */
  readonly pinnedZone?: string;
  /** The zones the plan may place the student in (the plan's `placement.candidates`). */
  readonly candidateZones: readonly string[];
}

export interface ZonePin {
  readonly key: string;
  /** Accelerator type, or `none` for a CPU-only VM: the group the student is balanced in. */
  readonly group: string;
  readonly zone: string;
  /** `kept`: the roster already pins the student there; `new`: a pin to add to the roster. */
  readonly status: "kept" | "new";
}

/** The placement group of a VM: its accelerator type, or `none`. */
export function gpuGroup(gpu: string | undefined): string {
  return gpu ?? NO_GPU;
}

/** What `pinZones` needs from a valid plan: each student's GPU group, roster pin and candidate zones. */
export function pinRequests(plan: Pick<CoursePlan, "students">): PinRequest[] {
  return plan.students.map((s) => {
    const gpu = s.vm.gpu?.type;
    return {
      key: s.key,
      ...(gpu === undefined ? {} : { gpu }),
      ...(s.placement.pinned ? { pinnedZone: s.vm.zone } : {}),
      candidateZones: s.placement.candidates,
    };
  });
}

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * A zone for every student, in key order: existing pins as they are (`kept`), and a `new` pin for every student
 * without one, in the least-loaded of their candidate zones within their group. When the students of a group share
 * their candidate zones, as in a plan, and the existing pins are within one of each other, the counts per candidate
 * zone end within one; other pins can leave some zones above the rest, and the new pins then go to the emptiest ones.
 * The result depends on the set of students, not on their order.
 */
export function pinZones(students: readonly PinRequest[]): ZonePin[] {
  const load = new Map<string, Map<string, number>>();
  const loadOf = (group: string) => {
    let zones = load.get(group);
    if (!zones) load.set(group, (zones = new Map()));
    return zones;
  };
  const pins: ZonePin[] = [];
  for (const s of students) {
    if (s.pinnedZone === undefined) continue;
    const group = gpuGroup(s.gpu);
    const zones = loadOf(group);
    zones.set(s.pinnedZone, (zones.get(s.pinnedZone) ?? 0) + 1);
    pins.push({ key: s.key, group, zone: s.pinnedZone, status: "kept" });
  }
  // Students with fewer candidate zones go first, so that the ones who can only go to a few zones are placed before
  // the others fill those zones; in a plan every student of a group has the same candidates, and the order is by key.
  const unpinned = students
    .filter((s) => s.pinnedZone === undefined)
    .sort((a, b) => a.candidateZones.length - b.candidateZones.length || byKey(a, b));
  for (const s of unpinned) {
    if (s.candidateZones.length === 0) throw new Error(`no candidate zone for ${s.key}`);
    const group = gpuGroup(s.gpu);
    const zones = loadOf(group);
    const least = Math.min(...s.candidateZones.map((z) => zones.get(z) ?? 0));
    const zone = zonePreference(s.key, s.candidateZones).find((z) => (zones.get(z) ?? 0) === least)!;
    zones.set(zone, least + 1);
    pins.push({ key: s.key, group, zone, status: "new" });
  }
  return pins.sort(byKey);
}

/**
 * Students per group and zone, with each student in the zone `zoneOf` gives (the plan's zone, or their pin). Every
 * candidate zone of a group is listed, also an empty one; groups and zones in name order.
 */
export function zoneCounts(
  students: readonly PinRequest[],
  zoneOf: ReadonlyMap<string, string>,
): Map<string, Map<string, number>> {
  const counts = new Map<string, Map<string, number>>();
  for (const s of students) {
    const group = gpuGroup(s.gpu);
    let zones = counts.get(group);
    if (!zones) counts.set(group, (zones = new Map()));
    for (const zone of s.candidateZones) zones.set(zone, zones.get(zone) ?? 0);
    const zone = zoneOf.get(s.key);
    if (zone !== undefined) zones.set(zone, (zones.get(zone) ?? 0) + 1);
  }
  const byName = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);
  return new Map([...counts].sort(byName).map(([group, zones]) => [group, new Map([...zones].sort(byName))] as const));
}
