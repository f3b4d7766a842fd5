import { createHash } from "node:crypto";

/**
 * Picks a student's zone from the zones that can host their VM, by rendezvous (highest random weight) hashing of
 * the student id: it depends on nothing but the id and the candidate zones, so reordering, adding or removing other
 * students never moves anyone (a move would replace the VM and lose its disk), and a stockout in one zone hits
 * only the students hashed there. The price of that stability: zones are balanced in expectation, not exactly.
 */
export function placeStudent(studentKey: string, candidateZones: readonly string[]): string {
  if (candidateZones.length === 0) throw new Error(`no candidate zone for ${studentKey}`);
  return zonePreference(studentKey, candidateZones)[0]!;
}

/**
 * The candidate zones ranked by the student's rendezvous weight, most preferred first: `placeStudent` takes the
 * first, and `pinZones` takes the first of the least-loaded ones. Like the weight, the ranking depends only on the id
 * and the zones, not on the order they are listed in, and dropping a zone keeps the order of the others.
 */
export function zonePreference(studentKey: string, zones: readonly string[]): string[] {
  const weighted = zones.map((zone) => ({
    zone,
    weight: createHash("sha256").update(`${studentKey}\u0000${zone}`).digest("hex"),
  }));
  // Array.prototype.sort is stable: a zone listed twice keeps its first place, as it did when placeStudent scanned
  // for the first strictly higher weight.
  weighted.sort((a, b) => (a.weight === b.weight ? 0 : a.weight > b.weight ? -1 : 1));
  return weighted.map((w) => w.zone);
}
