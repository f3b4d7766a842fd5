import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { knownAcceleratorTypes } from "../../infra/model/catalog/accelerators";
import { InputError, IssueCollector, formatIssue, type InputIssue } from "../../infra/settings/input-error";
import { parseRoster, type RosterStudent } from "../../infra/settings/roster";

const FILE = "stacks/rosters/test.csv";

function read(text: string): { students: RosterStudent[]; issues: readonly InputIssue[] } {
  const issues = new IssueCollector();
  const students = parseRoster(text, FILE, issues);
  return { students, issues: issues.issues };
}

/** Parses a roster that must be valid. */
function valid(text: string): RosterStudent[] {
  const { students, issues } = read(text);
  assert.deepEqual(issues, []);
  return students;
}

void describe("parseRoster reads", () => {
  void test("a header and one student per row, in file order, with the line each row starts on", () => {
    assert.deepEqual(
      valid(
        "id,email,github,repo,name,gpu,zone,spot\n" +
          "s000001,ada@example.edu,ada-gh,class-org/ada-mlops,Ada Example,nvidia-l4,europe-west1-c,yes\n" +
          "s000002,bo@example.edu,,,,,,\n",
      ),
      [
        {
          line: 2,
          id: "s000001",
          email: "ada@example.edu",
          github: "ada-gh",
          repo: { owner: "class-org", name: "ada-mlops" },
          name: "Ada Example",
          gpu: "nvidia-l4",
          zone: "europe-west1-c",
          spot: true,
        },
        { line: 3, id: "s000002", email: "bo@example.edu" },
      ],
    );
  });

  void test("a UTF-8 BOM, CRLF line ends and blanks around fields and header names", () => {
    assert.deepEqual(valid("\uFEFF id , email ,name\r\n  s000001 ,  ada@example.edu  , Ada \r\n"), [
      { line: 2, id: "s000001", email: "ada@example.edu", name: "Ada" },
    ]);
  });

  void test("quoted fields with commas, doubled quotes and line breaks; later rows keep their line numbers", () => {
    for (const eol of ["\n", "\r\n"]) {
      const text = [
        "id,email,name",
        's000001,ada@example.edu,"Example, Ada"',
        `s000002,bo@example.edu,"Bo${eol}Second line${eol}Third line"`,
        "",
        's000003,cy@example.edu,"Cy ""the TA"" Example"',
        "s000004,not-an-email,Dee",
        "",
      ].join(eol);
      const { students, issues } = read(text);
      assert.deepEqual(
        students.map((s) => [s.line, s.id, s.name]),
        [
          [2, "s000001", "Example, Ada"],
          [3, "s000002", "Bo\nSecond line\nThird line"],
          [7, "s000003", 'Cy "the TA" Example'],
        ],
        `line ends ${JSON.stringify(eol)}`,
      );
      assert.deepEqual(issues, [
        { file: FILE, line: 8, field: "email", message: '"not-an-email" is not a valid email address' },
      ]);
    }
  });

  void test("blank and whitespace-only lines are skipped without shifting line numbers", () => {
    const { students, issues } = read("\n\nid,email\n\n   \ns000001,ada@example.edu\n\ns000002,bad\n");
    assert.deepEqual(
      students.map((s) => s.line),
      [6],
    );
    assert.deepEqual(issues, [{ file: FILE, line: 8, field: "email", message: '"bad" is not a valid email address' }]);
  });

  void test("a GitHub Classroom roster export: identifier, github_username, name, and an ignored github_id", () => {
    assert.deepEqual(
      valid("identifier,github_username,github_id,name,email\ns000001,ada-gh,5821342,Ada Example,ada@example.edu\n"),
      [{ line: 2, id: "s000001", email: "ada@example.edu", github: "ada-gh", name: "Ada Example" }],
    );
  });

  void test("column names regardless of case, blanks, '-' and '_'", () => {
    assert.deepEqual(valid("Student ID,E-Mail,GitHub_User,Repository\nS1,a@example.edu,Ada,Org/Repo.git\n"), [
      { line: 2, id: "s1", email: "a@example.edu", github: "Ada", repo: { owner: "Org", name: "Repo" } },
    ]);
  });

  void test("ids case-insensitively: the student key is the id in lowercase", () => {
    assert.deepEqual(
      valid("id,email\nS000001,ada@example.edu\n").map((s) => s.id),
      ["s000001"],
    );
  });

  void test("gpu and spot values case-insensitively; empty optional fields are absent", () => {
    assert.deepEqual(
      valid("id,email,gpu,spot\ns1,a@example.edu,NVIDIA-L4,FALSE\ns2,b@example.edu,None,No\ns3,c@example.edu,,\n").map(
        ({ id, gpu, spot }) => ({ id, gpu, spot }),
      ),
      [
        { id: "s1", gpu: "nvidia-l4", spot: false },
        { id: "s2", gpu: "none", spot: false },
        { id: "s3", gpu: undefined, spot: undefined },
      ],
    );
  });

  void test("any roster written with quoting, BOM, CRLF and blank lines reads back with the right lines", () => {
    const nameChars = fc.constantFrom("a", "B", "ø", " ", ",", '"', "\n");
    const studentArb = fc.record({
      number: fc.integer({ min: 0, max: 999999 }),
      upper: fc.boolean(),
      name: fc.array(nameChars, { maxLength: 12 }).map((cs) => `N${cs.join("")}x`),
      blanksBefore: fc.constantFrom("", "\n", "   \n", "\n\n"),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(studentArb, { minLength: 1, maxLength: 8, selector: (s) => s.number }),
        fc.boolean(),
        fc.boolean(),
        (rows, bom, crlf) => {
          const quote = (v: string) => `"${v.replaceAll('"', '""')}"`;
          let text = `${bom ? "\uFEFF" : ""}id,email,name\n`;
          let line = 2;
          const expected: RosterStudent[] = [];
          for (const row of rows) {
            text += row.blanksBefore;
            line += row.blanksBefore.split("\n").length - 1;
            const id = `s${String(row.number).padStart(6, "0")}`;
            const email = `${id}@example.edu`;
            expected.push({ line, id, email, name: row.name });
            const record = `${row.upper ? id.toUpperCase() : id},${email},${quote(row.name)}\n`;
            text += record;
            line += record.split("\n").length - 1;
          }
          // CRLF everywhere, also inside the quoted names, as spreadsheet exports on Windows write it.
          const students = valid(crlf ? text.replaceAll("\n", "\r\n") : text);
          assert.deepEqual(students, expected);
        },
      ),
    );
  });
});

void describe("parseRoster rejects, naming file, line and field", () => {
  /** `kept`: the ids of the students still read from the file (none unless said). */
  const cases: { rule: string; csv: string; issues: InputIssue[]; kept?: string[] }[] = [
    {
      rule: "missing required column",
      csv: "id,name\ns1,Ada\n",
      issues: [
        {
          file: FILE,
          line: 1,
          field: "email",
          message:
            "required column is missing (accepted names: email, emailaddress, mail, googleaccount); header is: id,name",
        },
      ],
    },
    {
      rule: "both required columns missing",
      csv: "name,github\nAda,ada\n",
      issues: [
        {
          file: FILE,
          line: 1,
          field: "id",
          message:
            "required column is missing (accepted names: id, identifier, studentid, student); header is: name,github",
        },
        {
          file: FILE,
          line: 1,
          field: "email",
          message:
            "required column is missing (accepted names: email, emailaddress, mail, googleaccount); header is: name,github",
        },
      ],
    },
    {
      rule: "two columns meaning the same",
      csv: "id,identifier,email\ns1,s1,a@example.edu\n",
      issues: [{ file: FILE, line: 1, field: "identifier", message: 'means the same as column "id" (id); keep one' }],
    },
    {
      rule: "empty file",
      csv: "",
      issues: [
        {
          file: FILE,
          line: 1,
          message: "the roster is empty: it needs a header row (id,email,...) and one row per student",
        },
      ],
    },
    {
      rule: "file of blank lines only",
      csv: "\uFEFF\r\n  \r\n",
      issues: [
        {
          file: FILE,
          line: 1,
          message: "the roster is empty: it needs a header row (id,email,...) and one row per student",
        },
      ],
    },
    {
      rule: "header only",
      csv: "id,email\n\n",
      issues: [
        { file: FILE, line: 1, message: "the roster has no students: add one row per student below the header" },
      ],
    },
    {
      rule: "duplicate id, case-insensitive, naming the first line",
      csv: "id,email\nS1,a@example.edu\ns2,b@example.edu\ns1,c@example.edu\n",
      issues: [{ file: FILE, line: 4, field: "id", message: 'duplicate id "s1" (first on line 2)' }],
      kept: ["s1", "s2"],
    },
    {
      rule: "duplicate email, case-insensitive",
      csv: "id,email\ns1,Ada@Example.edu\ns2,ada@example.EDU\n",
      issues: [{ file: FILE, line: 3, field: "email", message: 'duplicate email "ada@example.edu" (first on line 2)' }],
      kept: ["s1"],
    },
    {
      rule: "duplicate repo",
      csv: "id,email,repo\ns1,a@example.edu,Org/Repo\ns2,b@example.edu,org/repo.git\n",
      issues: [{ file: FILE, line: 3, field: "repo", message: 'duplicate repo "org/repo" (first on line 2)' }],
      kept: ["s1"],
    },
    {
      rule: "malformed email",
      csv: "id,email\ns1,ada.example.edu\n",
      issues: [{ file: FILE, line: 2, field: "email", message: '"ada.example.edu" is not a valid email address' }],
    },
    {
      rule: "empty email",
      csv: "id,email\ns1,\n",
      issues: [{ file: FILE, line: 2, field: "email", message: "is required" }],
    },
    {
      rule: "empty id",
      csv: "id,email\n ,a@example.edu\n",
      issues: [{ file: FILE, line: 2, field: "id", message: "is required" }],
    },
    ...["s_1", "s.1", "-s1", "s1-", "Ådne"].map((id) => ({
      rule: `id that cannot become a cloud name: ${id}`,
      csv: `id,email\n${id},a@example.edu\n`,
      issues: [
        {
          file: FILE,
          line: 2,
          field: "id",
          message: `"${id}" cannot become a cloud name: letters, digits and inner '-' only (it becomes part of every cloud name)`,
        },
      ],
    })),
    {
      rule: "unknown GPU type",
      csv: "id,email,gpu\ns1,a@example.edu,nvidia-tesla-k80\n",
      issues: [
        {
          file: FILE,
          line: 2,
          field: "gpu",
          message: `"nvidia-tesla-k80" is not a known accelerator type; known: ${knownAcceleratorTypes().join(", ")}, or none`,
        },
      ],
    },
    ...["ada-mlops", "https://github.com/org/repo", "org/repo/extra", "-org/repo", "org/..", "org/re po"].map(
      (repo) => ({
        rule: `bad repo: ${repo}`,
        csv: `id,email,repo\ns1,a@example.edu,${repo}\n`,
        issues: [
          {
            file: FILE,
            line: 2,
            field: "repo",
            message: `"${repo}" must be owner/name of a GitHub repository, e.g. octo-org/mlops-s123456`,
          },
        ],
      }),
    ),
    ...["-ada", "ada-", "ada--gh", "ada_gh", "a".repeat(40)].map((github) => ({
      rule: `bad github username: ${github}`,
      csv: `id,email,github_username\ns1,a@example.edu,${github}\n`,
      issues: [
        { file: FILE, line: 2, field: "github_username", message: `"${github}" is not a valid GitHub username` },
      ],
    })),
    {
      rule: "bad spot value",
      csv: "id,email,spot\ns1,a@example.edu,1\n",
      issues: [{ file: FILE, line: 2, field: "spot", message: '"1" must be true, false, yes or no (or empty)' }],
    },
    {
      rule: "bad zone",
      csv: "id,email,zone\ns1,a@example.edu,europe-west1\n",
      issues: [
        { file: FILE, line: 2, field: "zone", message: '"europe-west1" is not a zone name such as europe-west1-b' },
      ],
    },
    {
      rule: "too many fields",
      csv: "id,email\ns1,a@example.edu,extra\n",
      issues: [{ file: FILE, line: 2, message: "has 3 fields, the header has 2" }],
    },
    {
      rule: "too few fields",
      csv: "id,email,name\ns1,a@example.edu\n",
      issues: [{ file: FILE, line: 2, message: "has 2 fields, the header has 3" }],
    },
    {
      rule: "a quote never closed",
      csv: 'id,email,name\ns1,a@example.edu,"Ada\ns2,b@example.edu,Bo\n',
      issues: [
        {
          file: FILE,
          line: 2,
          message: 'not readable as CSV: this row opens a quoted field (") that is never closed',
        },
      ],
    },
    {
      rule: "a quote never closed, after a multi-line field and a blank line, CRLF",
      csv: 'id,email,name\r\ns1,a@example.edu,"Ada\r\nExample"\r\n\r\ns2,b@example.edu,"Bo\r\ns3,c@example.edu,Cy\r\n',
      issues: [
        {
          file: FILE,
          line: 5,
          message: 'not readable as CSV: this row opens a quoted field (") that is never closed',
        },
      ],
    },
    {
      rule: "text after a closing quote",
      csv: 'id,email,name\ns1,a@example.edu,"Ada" Example\n',
      issues: [
        {
          file: FILE,
          line: 2,
          message: "not readable as CSV: Invalid Closing Quote: found non trimable byte after quote at line 2",
        },
      ],
    },
  ];
  for (const { rule, csv, issues, kept = [] } of cases) {
    void test(rule, () => {
      const result = read(csv);
      assert.deepEqual(result.issues, issues);
      assert.deepEqual(
        result.students.map((s) => s.id),
        kept,
      );
    });
  }

  void test("a row with a problem is left out; the others are kept", () => {
    const { students, issues } = read("id,email\ns1,a@example.edu\ns2,nope\ns3,c@example.edu\n");
    assert.deepEqual(
      students.map((s) => s.id),
      ["s1", "s3"],
    );
    assert.equal(issues.length, 1);
  });

  void test("every problem of a file at once, sorted by line, in one InputError", () => {
    const collector = new IssueCollector();
    parseRoster(
      [
        "id,email,github,repo,gpu,spot",
        "s1,a@example.edu,ada,org/a,,",
        "s_2,b@example,bo,org/b,nvidia-k80,maybe",
        "s3,c@example.edu",
        "S1,d@example.edu,dee,org/d,,",
        "s5,A@EXAMPLE.EDU,-eve,org/a,,",
        "",
      ].join("\n"),
      FILE,
      collector,
    );
    let error: unknown;
    try {
      collector.throwIfAny();
    } catch (thrown) {
      error = thrown;
    }
    const expected: InputIssue[] = [
      { file: FILE, line: 3, field: "email", message: '"b@example" is not a valid email address' },
      {
        file: FILE,
        line: 3,
        field: "gpu",
        message: `"nvidia-k80" is not a known accelerator type; known: ${knownAcceleratorTypes().join(", ")}, or none`,
      },
      {
        file: FILE,
        line: 3,
        field: "id",
        message: `"s_2" cannot become a cloud name: letters, digits and inner '-' only (it becomes part of every cloud name)`,
      },
      { file: FILE, line: 3, field: "spot", message: '"maybe" must be true, false, yes or no (or empty)' },
      { file: FILE, line: 4, message: "has 2 fields, the header has 6" },
      { file: FILE, line: 5, field: "id", message: 'duplicate id "s1" (first on line 2)' },
      { file: FILE, line: 6, field: "email", message: 'duplicate email "a@example.edu" (first on line 2)' },
      { file: FILE, line: 6, field: "github", message: '"-eve" is not a valid GitHub username' },
      { file: FILE, line: 6, field: "repo", message: 'duplicate repo "org/a" (first on line 2)' },
    ];
    assert.ok(error instanceof InputError);
    assert.deepEqual(error.issues, expected);
    assert.equal(
      error.message,
      `Invalid course input (9 problems); nothing was created:\n${expected.map((i) => `  - ${formatIssue(i)}`).join("\n")}`,
    );
  });
});

void describe("formatIssue and InputError", () => {
  void test("format file:line: field: message, leaving out what is unknown", () => {
    assert.equal(
      formatIssue({ file: "r.csv", line: 3, field: "email", message: "is required" }),
      "r.csv:3: email: is required",
    );
    assert.equal(formatIssue({ file: "r.csv", line: 1, message: "is empty" }), "r.csv:1: is empty");
    assert.equal(
      formatIssue({ file: "Pulumi.dev.yaml", field: "gcp:project", message: "is required" }),
      "Pulumi.dev.yaml: gcp:project: is required",
    );
  });

  void test("sort by file, then line, then field, and count the problems", () => {
    const error = new InputError([
      { file: "b.csv", line: 2, message: "x" },
      { file: "a.yaml", field: "k", message: "y" },
      { file: "b.csv", line: 1, field: "z", message: "z" },
      { file: "b.csv", line: 1, field: "a", message: "a" },
    ]);
    assert.deepEqual(error.issues.map(formatIssue), ["a.yaml: k: y", "b.csv:1: a: a", "b.csv:1: z: z", "b.csv:2: x"]);
    assert.equal(
      error.message,
      "Invalid course input (4 problems); nothing was created:\n  - a.yaml: k: y\n  - b.csv:1: a: a\n  - b.csv:1: z: z\n  - b.csv:2: x",
    );
    assert.equal(
      new InputError([{ file: "f", message: "m" }]).message.split("\n")[0],
      "Invalid course input (1 problem); nothing was created:",
    );
  });
});
