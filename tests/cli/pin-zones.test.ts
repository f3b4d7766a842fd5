import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import fc from "fast-check";
import { rosterWithZones } from "../../cli/pin-zones";
import { readStackConfig } from "../../cli/offline/stack-config";
import { IssueCollector } from "../../infra/settings/input-error";
import { loadCoursePlan } from "../../infra/settings/load-course";
import { parseRoster, type RosterStudent } from "../../infra/settings/roster";

const projectRoot = path.resolve(__dirname, "..", "..");
const [B, C, D] = ["europe-west1-b", "europe-west1-c", "europe-west1-d"] as const;

function pinZones(...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "cli/pin-zones.ts", ...args], {
    cwd: projectRoot,
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempRoster(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pin-zones-")), "roster.csv");
  fs.writeFileSync(file, text);
  return file;
}

function readRoster(text: string): RosterStudent[] {
  const issues = new IssueCollector();
  const students = parseRoster(text, "roster.csv", issues);
  assert.deepEqual(issues.issues, []);
  return students;
}

/** The course stack's plan with another roster. */
function coursePlan(roster: string) {
  const config = { ...readStackConfig(projectRoot, "course"), "course-cloud:roster": roster };
  return loadCoursePlan({ projectRoot, stack: "course", config });
}

/** A table row of the output, blanks between the cells ignored. */
const row = (...cells: (string | number)[]) => new RegExp(`│ ${cells.map(String).join(" +│ ")} +│`);

// The course stack's T4 class: six T4 students (one pinned in the roster), one on an L4, one without a GPU.
const CLASS = [
  "id,email,github,repo,name,gpu,zone,spot",
  "s270001,s270001@student.example.edu,anna-k,mlops-e27/anna-k-mlops,Anna Kristensen,,,",
  "s270002,s270002@student.example.edu,bjorn-l,mlops-e27/bjorn-l-mlops,Bjørn Larsen,,,",
  "s270003,s270003@student.example.edu,clara-m,mlops-e27/clara-m-mlops,Clara Madsen,,,",
  's270004,s270004@student.example.edu,dev-n,mlops-e27/dev-n-mlops,"Nielsen, Dev",,,true',
  "s270005,s270005@student.example.edu,emil-o,mlops-e27/emil-o-mlops,Emil Olsen,nvidia-l4,,",
  "s270006,s270006@student.example.edu,frida-p,mlops-e27/frida-p-mlops,Frida Poulsen,,europe-west1-d,",
  "s270007,s270007@student.example.edu,,,Gustav Quist,none,,",
  "s270008,s270008@student.example.edu,hanna-r,mlops-e27/hanna-r-mlops,Hanna Rasmussen,,,",
  "",
].join("\n");

void describe("npm run pin-zones", () => {
  void test("shows each student's zone and the VMs per zone before and after, and changes nothing", () => {
    const roster = tempRoster(CLASS);
    const { code, stdout, stderr } = pinZones("--stack", "course", "--roster", roster);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /Zone pins for stack "course" \(.*roster\.csv\): 8 students, 7 to pin/);
    // Hashing put five of the six T4 VMs in europe-west1-d; the pins spread them two per zone. Ties go to the zone
    // the plan gives today, so s270002, s270003 and the students alone on their GPU type stay where they are.
    for (const cells of [
      ["s270001", "nvidia-tesla-t4", B, "new", D],
      ["s270002", "nvidia-tesla-t4", C, "new", C],
      ["s270003", "nvidia-tesla-t4", D, "new", D],
      ["s270004", "nvidia-tesla-t4", B, "new", D],
      ["s270005", "nvidia-l4", C, "new", C],
      ["s270006", "nvidia-tesla-t4", D, "kept", D],
      ["s270007", "none", D, "new", D],
      ["s270008", "nvidia-tesla-t4", C, "new", D],
    ]) {
      assert.match(stdout, row(...cells));
    }
    for (const [zone, today, pinned] of [
      [B, 0, 2],
      [C, 1, 2],
      [D, 5, 2],
    ] as const) {
      assert.match(stdout, row("nvidia-tesla-t4", zone, today, pinned));
    }
    assert.match(stdout, row("nvidia-l4", C, 1, 1));
    assert.match(stdout, /3 new pins differ from the zone the plan gives today \(s270001, s270004, s270008\)\./);
    assert.match(stdout, /Nothing written: run again with --write to add 7 pins to .*roster\.csv\./);
    assert.equal(fs.readFileSync(roster, "utf8"), CLASS);
  });

  void test("--write fills the empty zone cells; the plan then puts every student in their pin, and a rerun pins nothing", () => {
    const roster = tempRoster(CLASS);
    const { code, stdout, stderr } = pinZones("--stack", "course", "--roster", roster, "--write");
    assert.equal(code, 0, stderr);
    assert.match(stdout, /Wrote 7 zone pins to .*roster\.csv\./);

    const written = fs.readFileSync(roster, "utf8");
    const before = readRoster(CLASS);
    const after = readRoster(written);
    assert.deepEqual(
      after.map(({ zone: _zone, ...rest }) => rest),
      before.map(({ zone: _zone, ...rest }) => rest),
    );
    assert.equal(after.find((s) => s.id === "s270006")?.zone, D);
    const t4 = after.filter((s) => s.gpu === undefined);
    assert.deepEqual(
      [B, C, D].map((zone) => t4.filter((s) => s.zone === zone).length),
      [2, 2, 2],
    );
    // The row that had its zone already is untouched, and the other rows only gained theirs.
    assert.deepEqual(written.split("\n")[6], CLASS.split("\n")[6]);
    assert.equal(
      written.split("\n")[4],
      's270004,s270004@student.example.edu,dev-n,mlops-e27/dev-n-mlops,"Nielsen, Dev",,europe-west1-b,true',
    );

    const plan = coursePlan(roster);
    assert.deepEqual(
      plan.students.map((s) => [s.key, s.vm.zone]),
      after.map((s) => [s.id, s.zone]),
    );

    const again = pinZones("--stack", "course", "--roster", roster, "--write");
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /8 students, 0 to pin/);
    assert.match(again.stdout, /Every student already has a zone in .*roster\.csv; nothing to pin\./);
    assert.equal(fs.readFileSync(roster, "utf8"), written);
  });

  void test("a roster without a zone column gets one, and keeps its BOM, CRLF line ends, blank lines and quoting", () => {
    const lines = [
      "\uFEFFidentifier,github_username,github_id,name,email",
      "",
      's270101,ada-gh,101,"Example, Ada",s270101@student.example.edu',
      's270102,bo-gh,102,"Bo\r\nSecond line",s270102@student.example.edu',
      '"s270103" , cy-gh , 103 , Cy , s270103@student.example.edu ',
      "",
      "",
    ];
    const roster = tempRoster(lines.join("\r\n"));
    const { code, stderr } = pinZones("--stack", "course", "--roster", roster, "--write");
    assert.equal(code, 0, stderr);
    const written = fs.readFileSync(roster, "utf8");
    const zones = readRoster(written).map((s) => s.zone);
    assert.deepEqual([...zones].sort(), [B, C, D]);
    assert.equal(
      written,
      [
        `${lines[0]},zone`,
        "",
        `${lines[2]},${zones[0]}`,
        `${lines[3]},${zones[1]}`,
        `${lines[4]},${zones[2]}`,
        "",
        "",
      ].join("\r\n"),
    );
  });

  void test("an invalid roster stops with every problem and exit code 1, and is not written", () => {
    const text = "id,email,zone\ns1,s1@example.edu,\ns2,s2@example.edu,europe-west4-a\ns3,not-an-email,\n";
    const roster = tempRoster(text);
    const { code, stdout, stderr } = pinZones("--stack", "course", "--roster", roster, "--write");
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.match(stderr, /Invalid course input \(2 problems\); nothing was created/);
    assert.match(stderr, /roster\.csv:3: zone: europe-west4-a cannot host nvidia-tesla-t4 in europe-west1/);
    assert.match(stderr, /roster\.csv:4: email: "not-an-email" is not a valid email address/);
    assert.equal(fs.readFileSync(roster, "utf8"), text);
  });
});

void describe("rosterWithZones", () => {
  // Rosters with an extra column of awkward text, written with or without quotes, BOM, CRLF and blank lines.
  const note = fc.stringMatching(/^[a-z ,"\n]{0,8}$/);
  const roster = fc.record({
    rows: fc.array(fc.record({ note, pinned: fc.boolean(), zone: fc.constantFrom(B, C, D) }), {
      minLength: 1,
      maxLength: 8,
    }),
    zoneColumn: fc.constantFrom<"none" | "first" | "middle" | "last">("none", "first", "middle", "last"),
    eol: fc.constantFrom("\n", "\r\n"),
    bom: fc.boolean(),
    quoted: fc.boolean(),
    blankAfter: fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }),
  });
  const CSV = { bom: true, trim: true, skip_empty_lines: true, relax_column_count: true } as const;

  void test("fills exactly the zones asked for, and leaves every other cell and row as it was", () => {
    fc.assert(
      fc.property(roster, ({ rows, zoneColumn, eol, bom, quoted, blankAfter }) => {
        const header = ["id", "note", "email"];
        if (zoneColumn === "first") header.unshift("zone");
        if (zoneColumn === "middle") header.splice(2, 0, "Zone");
        if (zoneColumn === "last") header.push("ZONE");
        const zoneAt = header.findIndex((h) => h.toLowerCase() === "zone");
        const records = rows.map((r, i) => {
          const cells: Record<string, string> = {
            id: `s${i + 1}`,
            note: r.note.replace(/\n/g, eol),
            email: `s${i + 1}@example.edu`,
          };
          return header.map((h) => (h.toLowerCase() === "zone" ? (r.pinned ? r.zone : "") : cells[h]!));
        });
        const text =
          (bom ? "\uFEFF" : "") +
          [header, ...records]
            .map(
              (cells, i) =>
                stringify([cells], { eof: false, quoted, record_delimiter: eol }) + (blankAfter[i] ? eol : ""),
            )
            .join(eol) +
          eol;
        const fill = rows.map((r) => (zoneColumn !== "none" && r.pinned ? undefined : r.zone));

        const written = rosterWithZones(text, fill);
        assert.equal(written.startsWith("\uFEFF"), bom);
        assert.equal(written.replace(/\r\n/g, "").includes("\n"), eol === "\n");
        const expected = (parse(text, CSV) as string[][]).map((cells, i) => {
          if (zoneColumn === "none") return [...cells, i === 0 ? "zone" : rows[i - 1]!.zone];
          return cells.map((cell, c) => (i > 0 && c === zoneAt ? rows[i - 1]!.zone : cell));
        });
        assert.deepEqual(parse(written, CSV), expected);
        // Same students on the same lines, each now with a zone.
        assert.deepEqual(
          readRoster(written),
          readRoster(text).map((s, i) => ({ ...s, zone: rows[i]!.zone })),
        );
        // With nothing to fill, the text is unchanged.
        if (zoneColumn !== "none")
          assert.equal(
            rosterWithZones(
              text,
              rows.map(() => undefined),
            ),
            text,
          );
      }),
      { numRuns: 200 },
    );
  });

  void test("never overwrites a zone the roster has", () => {
    assert.throws(() => rosterWithZones(`id,email,zone\ns1,s1@example.edu,${B}\n`, [C]), {
      message: `row 1 already has a zone: ${B}`,
    });
  });
});
