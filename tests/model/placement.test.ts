import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { sampleStudentId } from "../../cli/offline/sample-roster";
import { placeStudent } from "../../infra/model/placement";
import { ROSTER_FILE, plan, planWithIssues, student, students } from "./plan-support";

/*
 * Placement trades exact balance for stability, on purpose. "Balanced within one VM across zones" cannot hold
 * together with "adding or removing a student never moves anyone else": take 2 zones and students x, y, z. Each
 * placed alone must keep that zone whoever joins later, so each one's zone is fixed by their id alone; three ids
 * cannot be pairwise in different zones of two, so some pair shares a zone, and that pair alone is off by two.
 * Moving a student replaces their VM and destroys its disk, so the program keeps everyone where they are and
 * balances in expectation (rendezvous hashing of the id). These tests pin the stability exactly and the balance
 * statistically.
 */

const EW1 = ["europe-west1-b", "europe-west1-c", "europe-west1-d"];
const ids = fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{1,12}$/), { minLength: 1, maxLength: 30 });

void describe("placeStudent", () => {
  void test("is a pure function of the id and the candidate zones", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9-]{1,20}$/), (id) => {
        assert.equal(placeStudent(id, EW1), placeStudent(id, [...EW1]));
      }),
    );
  });

  void test("gives today's answers: a change of the hash would move every VM of a running class", () => {
    assert.deepEqual(
      ["s000001", "s000002", "s000003", "s270001", "s270002", "s270003", "alice", "bob"].map((id) =>
        placeStudent(id, EW1),
      ),
      [
        "europe-west1-d",
        "europe-west1-b",
        "europe-west1-d",
        "europe-west1-d",
        "europe-west1-c",
        "europe-west1-d",
        "europe-west1-c",
        "europe-west1-b",
      ],
    );
  });

  void test("does not depend on the order the zones are listed in", () => {
    fc.assert(
      fc.property(ids, fc.shuffledSubarray(EW1, { minLength: 3, maxLength: 3 }), (keys, zones) => {
        for (const key of keys) assert.equal(placeStudent(key, zones), placeStudent(key, EW1));
      }),
    );
  });

  void test("when a zone is dropped, only the students in it move", () => {
    fc.assert(
      fc.property(ids, fc.constantFrom(...EW1), (keys, dropped) => {
        const rest = EW1.filter((z) => z !== dropped);
        for (const key of keys) {
          const before = placeStudent(key, EW1);
          if (before !== dropped) assert.equal(placeStudent(key, rest), before);
        }
      }),
    );
  });

  void test("with one candidate zone, everyone goes there; with none, it is an error", () => {
    assert.equal(placeStudent("s1", ["europe-west4-ai1a"]), "europe-west4-ai1a");
    assert.throws(() => placeStudent("s1", []), { message: "no candidate zone for s1" });
  });

  void test("300 sample students over 3 zones: each zone gets between 25% and 42%", () => {
    // Each of n = 300 students lands in a given zone with p = 1/3: mean 100, standard deviation
    // sqrt(300 * 1/3 * 2/3) = 8.2. 25% and 42% (75 and 126) are about 3 standard deviations either side, a bound a
    // fair hash breaks with probability well under 1%; the ids are fixed, so the test itself is deterministic.
    const counts = new Map(EW1.map((z) => [z, 0]));
    for (let i = 0; i < 300; i++) {
      const zone = placeStudent(sampleStudentId(i), EW1);
      counts.set(zone, counts.get(zone)! + 1);
    }
    for (const [zone, count] of counts) {
      assert.ok(count >= 75 && count <= 126, `${zone} got ${count} of 300`);
    }
  });
});

void describe("placement in the plan", () => {
  const pool = Array.from({ length: 40 }, (_, i) => sampleStudentId(i));
  const alone = new Map(pool.map((id) => [id, plan({}, [student(id)]).students[0]!.vm.zone]));

  void test("a student's zone never depends on who else is in the roster, or in which order", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(pool, { minLength: 1 }), (roster) => {
        const planned = plan({}, students(roster));
        for (const s of planned.students) assert.equal(s.vm.zone, alone.get(s.key), s.key);
      }),
      { numRuns: 50 },
    );
  });

  void test("re-planning the same roster gives the same zones", () => {
    const roster = students(pool);
    assert.deepEqual(
      plan({}, roster).students.map((s) => s.vm.zone),
      plan({}, roster).students.map((s) => s.vm.zone),
    );
  });

  void test("GPU VMs are spread over every zone of the region that offers the GPU", () => {
    const zones = new Set(plan({}, students(pool)).students.map((s) => s.vm.zone));
    assert.deepEqual([...zones].sort(), EW1);
    const l4 = new Set(
      plan({ gpu: "nvidia-l4", machineType: "g2-standard-4" }, students(pool)).students.map((s) => s.vm.zone),
    );
    assert.deepEqual([...l4].sort(), ["europe-west1-b", "europe-west1-c"]);
  });

  void test("the zones setting narrows the candidates", () => {
    const zones = new Set(
      plan({ zones: ["europe-west1-b", "europe-west1-d"] }, students(pool)).students.map((s) => s.vm.zone),
    );
    assert.deepEqual([...zones].sort(), ["europe-west1-b", "europe-west1-d"]);
  });

  void test("a zone pin in the roster wins, also over the zones setting", () => {
    const notHashedThere = pool.find((id) => alone.get(id) !== "europe-west1-c")!;
    const planned = plan({ zones: ["europe-west1-b"] }, [student(notHashedThere, 0, { zone: "europe-west1-c" })]);
    assert.equal(planned.students[0]!.vm.zone, "europe-west1-c");
  });

  void test("a pin to a zone without the student's GPU is an error naming the zones that have it", () => {
    const { issues } = planWithIssues({}, [
      student("s1", 0, { gpu: "nvidia-l4", zone: "europe-west1-d" }),
      student("s2", 1, { zone: "us-central1-a" }),
    ]);
    assert.deepEqual(issues, [
      {
        file: ROSTER_FILE,
        line: 2,
        field: "zone",
        message: "europe-west1-d cannot host nvidia-l4 in europe-west1; zones that can: europe-west1-b, europe-west1-c",
      },
      {
        file: ROSTER_FILE,
        line: 3,
        field: "zone",
        message:
          "us-central1-a cannot host nvidia-tesla-t4 in europe-west1; zones that can: europe-west1-b, europe-west1-c, europe-west1-d",
      },
    ]);
  });

  void test("zones setting without the course GPU is one config problem, not one per student", () => {
    const { issues } = planWithIssues(
      { gpu: "nvidia-l4", machineType: "g2-standard-4", zones: ["europe-west1-d"] },
      students(pool),
    );
    assert.deepEqual(issues, [
      {
        file: "Pulumi.test.yaml",
        field: "course-cloud:zones",
        message:
          "none of europe-west1-d offers nvidia-l4; zones of europe-west1 that do: europe-west1-b, europe-west1-c",
      },
    ]);
  });

  void test("a GPU override whose GPU no allowed zone has is an error on that student's gpu", () => {
    const { issues } = planWithIssues({ zones: ["europe-west1-d"] }, [student("s1", 0, { gpu: "nvidia-l4" })]);
    assert.deepEqual(issues, [
      {
        file: ROSTER_FILE,
        line: 2,
        field: "gpu",
        message:
          "no allowed zone offers nvidia-l4: zones setting is europe-west1-d; zones of europe-west1 that offer it: europe-west1-b, europe-west1-c",
      },
    ]);
  });

  void test("a zone of another region in the zones setting is a config problem", () => {
    const { issues } = planWithIssues({ zones: ["europe-west1-b", "europe-west4-a"] }, students(["s1"]));
    assert.deepEqual(issues, [
      {
        file: "Pulumi.test.yaml",
        field: "course-cloud:zones",
        message:
          "europe-west4-a is not a zone of europe-west1 known to the catalog; zones of europe-west1: europe-west1-b, europe-west1-c, europe-west1-d",
      },
    ]);
  });
});
