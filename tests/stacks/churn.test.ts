import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import type { RegisteredResource } from "../../cli/offline/mocks";
import { sampleRoster } from "../../cli/offline/sample-roster";
import { PROJECT_ROOT, runCourse, type RunCourseOptions } from "../support/run-course";
import { canonical, rosterIds, strings } from "../support/resources";

/**
 * The identity rule: a student's resources are keyed by their id, never by row order. Reordering the roster,
 * adding or removing a student changes nothing of anyone else, neither a logical name nor an input.
 */

interface Snapshot {
  /** Student id -> logical name -> type and inputs, as canonical JSON. */
  readonly students: Map<string, Map<string, string>>;
  /** Resources of no student. */
  readonly course: Map<string, string>;
}

function emailOf(roster: string, id: string): string {
  const line = roster.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${id},`));
  return line!.split(",")[1]!.trim().toLowerCase();
}

/** A resource belongs to a student when its name is keyed by the id, or its inputs label, name or grant them. */
function ownerOf(r: RegisteredResource, ids: readonly string[], emails: ReadonlyMap<string, string>): string[] {
  const inputs = strings(r.inputs).map((s) => s.toLowerCase());
  return ids.filter(
    (id) =>
      r.name === id ||
      r.name.startsWith(`${id}-`) ||
      inputs.some((s) => s === id || s.includes(emails.get(id)!) || s.includes(`-${id}-`) || s.endsWith(`-${id}`)),
  );
}

async function snapshot(options: RunCourseOptions, roster: string): Promise<Snapshot> {
  const run = await runCourse({ ...options, roster });
  const ids = rosterIds(roster);
  const emails = new Map(ids.map((id) => [id, emailOf(roster, id)]));
  const students = new Map(ids.map((id) => [id, new Map<string, string>()]));
  const course = new Map<string, string>();
  for (const r of run.resources) {
    const key = `${r.type} ${r.name}`;
    const value = canonical(r.inputs);
    const owners = ownerOf(r, ids, emails);
    if (owners.length === 0) {
      assert.ok(!course.has(key), `${key} registered twice`);
      course.set(key, value);
      continue;
    }
    for (const owner of owners) {
      // Whatever carries a student must be keyed by that student's id, or it moves when rows move.
      assert.ok(r.name === owner || r.name.startsWith(`${owner}-`), `${key} carries ${owner} but is not keyed by it`);
      students.get(owner)!.set(key, value);
    }
  }
  return { students, course };
}

function assertUntouched(before: Snapshot, after: Snapshot, untouched: readonly string[]) {
  for (const id of untouched) {
    const was = before.students.get(id)!;
    const is = after.students.get(id)!;
    assert.ok(was.size >= 10, `${id} has only ${was.size} resources`);
    assert.deepEqual([...is.keys()].sort(), [...was.keys()].sort(), `${id}: logical names changed`);
    for (const [name, inputs] of was) assert.equal(is.get(name), inputs, `${name}: inputs changed`);
  }
}

function rows(roster: string): { header: string; rows: string[] } {
  const [header, ...rest] = roster.trim().split(/\r?\n/);
  return { header: header!, rows: rest };
}

/** A fixed permutation that moves every row. */
function shuffled(lines: readonly string[]): string[] {
  const odd = lines.filter((_, i) => i % 2 === 1);
  const even = lines.filter((_, i) => i % 2 === 0);
  return [...odd.reverse(), ...even.reverse()];
}

const COURSE_ROSTER = fs.readFileSync(path.join(PROJECT_ROOT, "stacks", "rosters", "course.csv"), "utf8");

void describe("churn on the course stack (GPU, budgets, secrets, build triggers)", () => {
  const options: RunCourseOptions = { stack: "course" };
  const { header, rows: lines } = rows(COURSE_ROSTER);
  const newcomer = "s270009,s270009@student.example.edu,ida-s,mlops-e27/ida-s-mlops,Ida Sørensen,,,";

  void test("shuffling, adding and removing rows changes no other student and no course resource", async () => {
    const base = await snapshot(options, COURSE_ROSTER);
    const ids = rosterIds(COURSE_ROSTER);
    assert.equal(ids.length, 8);

    const reordered = await snapshot(options, [header, ...shuffled(lines)].join("\n"));
    assertUntouched(base, reordered, ids);
    assert.deepEqual(reordered.course, base.course);

    const grown = await snapshot(options, [header, newcomer, ...lines].join("\n"));
    assertUntouched(base, grown, ids);
    assert.deepEqual(grown.course, base.course);
    assert.ok(grown.students.get("s270009")!.size >= 10);

    const removed = lines.filter((l) => !l.startsWith("s270003,"));
    const shrunk = await snapshot(options, [header, ...removed].join("\n"));
    assertUntouched(
      base,
      shrunk,
      ids.filter((id) => id !== "s270003"),
    );
    assert.deepEqual(shrunk.course, base.course);
    assert.equal(shrunk.students.has("s270003"), false);
    for (const keys of shrunk.students.values()) {
      for (const key of keys.keys()) assert.doesNotMatch(key, /s270003/);
    }

    const all = await snapshot(options, [header, ...shuffled([...removed, newcomer])].join("\n"));
    assertUntouched(
      base,
      all,
      ids.filter((id) => id !== "s270003"),
    );
    assert.deepEqual(all.course, base.course);
  });
});

void describe("churn with workload identity federation on", () => {
  void test("only the provider's repository list follows the roster; every student stays as they were", async () => {
    const options: RunCourseOptions = { stack: "dev", config: { githubActions: true } };
    const roster = sampleRoster(12);
    const { header, rows: lines } = rows(roster);
    const base = await snapshot(options, roster);
    const ids = rosterIds(roster);

    const changed = [...shuffled(lines.slice(1)), sampleRoster(1, { start: 200000 }).trim().split("\n")[1]!];
    const after = await snapshot(options, [header, ...changed].join("\n"));
    assertUntouched(base, after, ids.slice(1));

    const differing = [...base.course.keys()].filter((key) => after.course.get(key) !== base.course.get(key));
    assert.deepEqual(differing, [
      "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider course-github-provider",
    ]);
    assert.deepEqual([...after.course.keys()].sort(), [...base.course.keys()].sort());
    const provider = JSON.parse(after.course.get(differing[0]!)!) as { attributeCondition: string };
    assert.match(provider.attributeCondition, /'mlops-class\/s200000-mlops'/);
    assert.doesNotMatch(provider.attributeCondition, /'mlops-class\/s100000-mlops'/);
  });
});
