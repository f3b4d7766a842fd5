import { createHash } from "node:crypto";

/**
 * Picks a student's zone from the zones that can host their VM, by rendezvous (highest random weight) hashing of
 * the student id: it depends on nothing but the id and the candidate zones, so reordering, adding or removing other
 * students never moves anyone (a move would replace the VM and lose its disk), and a stockout in one zone hits
 * only the students hashed there. The price of that stability: zones are balanced in expectation, not exactly.
 */
export function placeStudent(studentKey: string, candidateZones: readonly string[]): string {
  if (candidateZones.length === 0) throw new Error(`no candidate zone for ${studentKey}`);
  let best = candidateZones[0]!;
  let bestWeight = "";
  for (const zone of candidateZones) {
    const weight = createHash("sha256").update(`${studentKey}\u0000${zone}`).digest("hex");
    if (weight > bestWeight) {
      best = zone;
      bestWeight = weight;
    }
  }
  return best;
}
