import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { sampleStudentId } from "../../cli/offline/sample-roster";
import { zonesOffering } from "../../infra/model/catalog/accelerators";
import { placeStudent, zonePreference } from "../../infra/model/placement";
import { pinRequests, pinZones, zoneCounts, type PinRequest, type ZonePin } from "../../infra/model/zone-pins";
import { plan, student } from "./plan-support";

const [B, C, D] = ["europe-west1-b", "europe-west1-c", "europe-west1-d"] as const;
const EW1: string[] = [B, C, D];
const T4 = "nvidia-tesla-t4";
const L4 = "nvidia-l4";

const id = fc.stringMatching(/^[a-z0-9]{1,10}$/);
const gpu = fc.constantFrom<string | undefined>(T4, L4, undefined);
const zones = fc.subarray(EW1, { minLength: 1 });
const groupName = (g: string | undefined) => g ?? "none";

/** A class as a plan gives it: every student of a GPU type has the same candidate zones. */
const klass = (pinned: fc.Arbitrary<string | undefined>) =>
  fc
    .record({
      candidates: fc.record({ [T4]: zones, [L4]: zones, none: zones }),
      students: fc.uniqueArray(fc.record({ key: id, gpu, pinnedZone: pinned }), {
        selector: (s) => s.key,
        maxLength: 60,
      }),
    })
    .map(({ candidates, students }): PinRequest[] =>
      students.map(({ key, gpu, pinnedZone }) => ({
        key,
        ...(gpu === undefined ? {} : { gpu }),
        ...(pinnedZone === undefined ? {} : { pinnedZone }),
        candidateZones: (candidates as Record<string, string[]>)[groupName(gpu)]!,
      })),
    );
const unpinnedClass = klass(fc.constant(undefined));
/** Some students pinned, also to zones outside their candidates (a roster pin wins over the zones setting). */
const partlyPinnedClass = klass(fc.option(fc.constantFrom(...EW1), { nil: undefined, freq: 3 }));

/** Counts per candidate zone of each group, with every student where `pins` puts them. */
function candidateCounts(students: readonly PinRequest[], pins: readonly ZonePin[]): Map<string, number[]> {
  const counts = zoneCounts(students, new Map(pins.map((p) => [p.key, p.zone])));
  const result = new Map<string, number[]>();
  for (const s of students) {
    const group = groupName(s.gpu);
    result.set(
      group,
      s.candidateZones.map((z) => counts.get(group)!.get(z)!),
    );
  }
  return result;
}

const spread = (counts: readonly number[]) => Math.max(...counts) - Math.min(...counts);

function assertWithinOne(students: readonly PinRequest[], pins: readonly ZonePin[]): void {
  for (const [group, counts] of candidateCounts(students, pins)) {
    assert.ok(spread(counts) <= 1, `${group}: ${counts.join("/")}`);
  }
}

const tally = (pins: readonly ZonePin[], group: string) =>
  EW1.map((z) => pins.filter((p) => p.group === group && p.zone === z).length);

void describe("pinZones", () => {
  void test("without pins, each GPU type's VMs are within one of each other in every candidate zone", () => {
    fc.assert(
      fc.property(unpinnedClass, (students) => {
        const pins = pinZones(students);
        assert.deepEqual(
          pins.map((p) => p.key),
          students.map((s) => s.key).sort(),
        );
        for (const pin of pins) {
          const s = students.find((x) => x.key === pin.key)!;
          assert.equal(pin.status, "new");
          assert.equal(pin.group, groupName(s.gpu));
          assert.ok(s.candidateZones.includes(pin.zone), `${pin.key} in ${pin.zone}`);
        }
        assertWithinOne(students, pins);
      }),
      { numRuns: 200 },
    );
  });

  void test("existing pins stay as they are, and new pins go to the least-loaded zones", () => {
    fc.assert(
      fc.property(partlyPinnedClass, (students) => {
        const pins = pinZones(students);
        for (const s of students) {
          const pin = pins.find((p) => p.key === s.key)!;
          if (s.pinnedZone === undefined) {
            assert.equal(pin.status, "new");
            assert.ok(s.candidateZones.includes(pin.zone));
          } else {
            assert.deepEqual(pin, { key: s.key, group: groupName(s.gpu), zone: s.pinnedZone, status: "kept" });
          }
        }
        // Pins cannot be undone, so the zones they fill may stay above the others; every zone that gets a new student
        // ends at most one above the emptiest candidate zone of the group.
        const counts = zoneCounts(students, new Map(pins.map((p) => [p.key, p.zone])));
        for (const s of students) {
          const group = counts.get(groupName(s.gpu))!;
          const least = Math.min(...s.candidateZones.map((z) => group.get(z)!));
          for (const pin of pins.filter((p) => p.status === "new" && p.group === groupName(s.gpu))) {
            assert.ok(
              group.get(pin.zone)! <= least + 1,
              `${pin.group} ${pin.zone}: ${group.get(pin.zone)} > ${least} + 1`,
            );
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  void test("the pins depend on the students, not on their order", () => {
    fc.assert(
      fc.property(
        partlyPinnedClass.chain((students) =>
          fc.tuple(fc.constant(students), fc.shuffledSubarray(students, { minLength: students.length })),
        ),
        ([students, shuffled]) => {
          assert.deepEqual(pinZones(shuffled), pinZones(students));
        },
      ),
      { numRuns: 100 },
    );
  });

  void test("students added later are pinned without moving anyone, and each GPU type stays within one", () => {
    fc.assert(
      fc.property(unpinnedClass, fc.integer({ min: 0, max: 60 }), (everyone, firstCount) => {
        const first = everyone.slice(0, firstCount);
        const firstPins = pinZones(first);
        const zoneOf = new Map(firstPins.map((p) => [p.key, p.zone]));
        // The roster now has the first pins written into it, and the rest of the class joins.
        const later = everyone.map((s) => {
          const pinnedZone = zoneOf.get(s.key);
          return pinnedZone === undefined ? s : { ...s, pinnedZone };
        });
        const pins = pinZones(later);
        for (const pin of pins) {
          const earlier = zoneOf.get(pin.key);
          assert.equal(pin.status, earlier === undefined ? "new" : "kept");
          if (earlier !== undefined) assert.equal(pin.zone, earlier);
        }
        assertWithinOne(everyone, pins);
        // Written into the roster, they leave nothing to pin.
        const again = pinZones(later.map((s) => ({ ...s, pinnedZone: pins.find((p) => p.key === s.key)!.zone })));
        assert.deepEqual(
          again.map((p) => [p.key, p.zone, p.status]),
          pins.map((p) => [p.key, p.zone, "kept"]),
        );
      }),
      { numRuns: 200 },
    );
  });

  void test("removing students leaves everyone else where they were pinned", () => {
    fc.assert(
      fc.property(
        unpinnedClass.chain((students) => fc.tuple(fc.constant(students), fc.subarray(students))),
        ([students, remaining]) => {
          const zoneOf = new Map(pinZones(students).map((p) => [p.key, p.zone]));
          const pins = pinZones(remaining.map((s) => ({ ...s, pinnedZone: zoneOf.get(s.key)! })));
          for (const pin of pins) assert.deepEqual([pin.zone, pin.status], [zoneOf.get(pin.key), "kept"]);
        },
      ),
    );
  });

  void test("each GPU type is balanced on its own, as if it were the whole class", () => {
    fc.assert(
      fc.property(partlyPinnedClass, (students) => {
        const pins = pinZones(students);
        for (const g of [T4, L4, undefined]) {
          const alone = pinZones(students.filter((s) => s.gpu === g));
          assert.deepEqual(
            pins.filter((p) => p.group === groupName(g)),
            alone,
          );
        }
      }),
      { numRuns: 100 },
    );
  });

  void test("a class of T4, L4 and CPU-only VMs: every type spread over its own zones", () => {
    const students: PinRequest[] = [
      ...["t1", "t2", "t3", "t4", "t5", "t6", "t7"].map((key) => ({ key, gpu: T4, candidateZones: EW1 })),
      ...["l1", "l2", "l3"].map((key) => ({ key, gpu: L4, candidateZones: [B, C] })),
      ...["c1", "c2"].map((key) => ({ key, candidateZones: EW1 })),
    ];
    const pins = pinZones(students);
    assert.deepEqual(tally(pins, T4).sort(), [2, 2, 3]);
    assert.deepEqual(tally(pins, L4).slice(0, 2).sort(), [1, 2]);
    assert.equal(tally(pins, L4)[2], 0);
    assert.deepEqual(tally(pins, "none").sort(), [0, 1, 1]);
  });

  void test("students who can only go to some zones are placed first, and the others fill the remaining zones", () => {
    // z1 and z2 sort last by key, but can only go to europe-west1-b: placing the others first would leave b with 4.
    const students: PinRequest[] = [
      ...["a1", "a2", "a3", "a4"].map((key) => ({ key, gpu: T4, candidateZones: EW1 })),
      ...["z1", "z2"].map((key) => ({ key, gpu: T4, candidateZones: [B] })),
    ];
    const pins = pinZones(students);
    assert.deepEqual(
      pins.filter((p) => p.key.startsWith("z")).map((p) => p.zone),
      [B, B],
    );
    assert.deepEqual(tally(pins, T4), [2, 2, 2]);
  });

  void test("a pin outside the candidate zones counts there, and leaves the candidates to the others", () => {
    const students: PinRequest[] = [
      { key: "p1", gpu: T4, pinnedZone: D, candidateZones: [B, C] },
      ...["a1", "a2", "a3", "a4"].map((key) => ({ key, gpu: T4, candidateZones: [B, C] })),
    ];
    const pins = pinZones(students);
    assert.deepEqual(tally(pins, T4), [2, 2, 1]);
  });

  void test("ties go to the zone the student's hash prefers: a student pinned alone keeps the plan's zone", () => {
    fc.assert(
      fc.property(id, gpu, zones, (key, g, candidates) => {
        const [pin] = pinZones([{ key, ...(g === undefined ? {} : { gpu: g }), candidateZones: candidates }]);
        assert.equal(pin!.zone, placeStudent(key, candidates));
      }),
    );
  });

  void test("a student without candidate zones is an error", () => {
    assert.throws(() => pinZones([{ key: "s1", candidateZones: [] }]), { message: "no candidate zone for s1" });
  });
});

void describe("zonePreference", () => {
  void test("ranks every zone once, the plan's zone first", () => {
    fc.assert(
      fc.property(id, zones, (key, candidates) => {
        const ranking = zonePreference(key, candidates);
        assert.deepEqual([...ranking].sort(), [...candidates].sort());
        assert.equal(ranking[0], placeStudent(key, candidates));
      }),
    );
  });

  void test("does not depend on the order of the zones, and dropping one keeps the order of the rest", () => {
    fc.assert(
      fc.property(id, fc.shuffledSubarray(EW1, { minLength: 3 }), fc.constantFrom(...EW1), (key, shuffled, dropped) => {
        const ranking = zonePreference(key, EW1);
        assert.deepEqual(zonePreference(key, shuffled), ranking);
        assert.deepEqual(
          zonePreference(
            key,
            EW1.filter((z) => z !== dropped),
          ),
          ranking.filter((z) => z !== dropped),
        );
      }),
    );
  });
});

void describe("pins from a plan", () => {
  const pool = Array.from({ length: 30 }, (_, i) => sampleStudentId(i));
  const override = fc.constantFrom<string | undefined>(undefined, L4, "none");
  const zonesSetting = fc.constantFrom<string[]>([], [B, D], [B, C]);

  void test("a student without a pin is hashed into one of the candidate zones the plan records", () => {
    fc.assert(
      fc.property(fc.array(override, { minLength: pool.length, maxLength: pool.length }), zonesSetting, (gpus, z) => {
        const roster = pool.map((key, i) => student(key, i, gpus[i] === undefined ? {} : { gpu: gpus[i] }));
        const planned = plan({ zones: z }, roster);
        for (const s of planned.students) {
          assert.equal(s.placement.pinned, false);
          assert.equal(placeStudent(s.key, s.placement.candidates), s.vm.zone, s.key);
          const allowed = zonesOffering(s.vm.gpu?.type, planned.region).filter(
            (zone) => z.length === 0 || z.includes(zone),
          );
          assert.deepEqual(s.placement.candidates, allowed, s.key);
        }
      }),
      { numRuns: 30 },
    );
  });

  void test("written into the roster, the pins are where the plan puts every student, balanced per GPU", () => {
    const roster = pool.map((key, i) =>
      student(key, i, {
        ...(i % 5 === 0 ? { gpu: L4 } : i % 7 === 0 ? { gpu: "none" } : {}),
        ...(i === 3 || i === 4 ? { zone: D } : {}),
      }),
    );
    const before = plan({}, roster);
    const requests = pinRequests(before);
    const pins = pinZones(requests);
    assert.deepEqual(
      pins.filter((p) => p.status === "kept").map((p) => p.key),
      [pool[3], pool[4]],
    );
    assertWithinOne(requests, pins);

    const zoneOf = new Map(pins.map((p) => [p.key, p.zone]));
    const after = plan(
      {},
      roster.map((s) => ({ ...s, zone: zoneOf.get(s.id)! })),
    );
    assert.deepEqual(
      after.students.map((s) => [s.key, s.vm.zone]),
      pins.map((p) => [p.key, p.zone]),
    );
    // T4 students are in every zone of europe-west1 that offers it, L4 students only in the two that offer L4.
    assert.deepEqual(requests.find((r) => r.gpu === L4)?.candidateZones, [B, C]);
    assert.deepEqual(tally(pins, L4)[2], 0);
  });
});
