import { parse } from "csv-parse/sync";
import { z } from "zod";
import { NO_GPU, knownAcceleratorTypes } from "../model/catalog/accelerators";
import { STUDENT_ID_PATTERN, STUDENT_ID_RULE, normalizeStudentId } from "../model/naming";
import type { IssueCollector } from "./input-error";

/** One student as the roster gives them; `line` is where the row starts in the file, for error messages. */
export interface RosterStudent {
  readonly line: number;
  /** The student key: the roster id, lowercased. */
  readonly id: string;
  readonly email: string;
  readonly github?: string;
  readonly repo?: { readonly owner: string; readonly name: string };
  readonly name?: string;
  /** Per-student accelerator override (`none` for a CPU-only VM). */
  readonly gpu?: string;
  /** Per-student zone pin. */
  readonly zone?: string;
  /** Per-student spot override. */
  readonly spot?: boolean;
}

/** The roster columns the program reads. */
export type RosterField = "id" | "email" | "github" | "repo" | "name" | "gpu" | "zone" | "spot";

/**
 * Column names accepted for each field, compared case-insensitively with blanks, '-' and '_' ignored. The aliases
 * are the column names of a GitHub Classroom roster export (`identifier`, `github_username`, `name`).
 */
const COLUMN_ALIASES: Readonly<Record<RosterField, readonly string[]>> = {
  id: ["id", "identifier", "studentid", "student"],
  email: ["email", "emailaddress", "mail", "googleaccount"],
  github: ["github", "githubusername", "githubuser", "githublogin"],
  repo: ["repo", "repository", "githubrepo", "githubrepository"],
  name: ["name", "fullname", "displayname"],
  gpu: ["gpu", "accelerator"],
  zone: ["zone"],
  spot: ["spot"],
};
const REQUIRED: readonly RosterField[] = ["id", "email"];

const canonical = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "");
/** The roster column a header names, matched as the roster matches it (case, blanks, '-' and '_' ignored, aliases). */
export const rosterFieldOf = (header: string): RosterField | undefined =>
  (Object.keys(COLUMN_ALIASES) as RosterField[]).find((f) => COLUMN_ALIASES[f].includes(canonical(header)));

const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const GITHUB_REPO_NAME = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/;
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

const ROW = z.object({
  id: z
    .string()
    .min(1, "is required")
    .transform(normalizeStudentId)
    .refine((id) => STUDENT_ID_PATTERN.test(id), {
      message: `cannot become a cloud name: ${STUDENT_ID_RULE}`,
    }),
  email: z.string().min(1, "is required").pipe(z.email("is not a valid email address")),
  github: optional(z.string().regex(GITHUB_LOGIN, "is not a valid GitHub username")),
  repo: optional(
    z
      .string()
      .refine(
        (v) => {
          const [owner, name, ...rest] = v.split("/");
          return rest.length === 0 && GITHUB_LOGIN.test(owner ?? "") && GITHUB_REPO_NAME.test(name ?? "");
        },
        { message: "must be owner/name of a GitHub repository, e.g. octo-org/mlops-s123456" },
      )
      .transform((v) => {
        const [owner, name] = v.replace(/\.git$/, "").split("/") as [string, string];
        return { owner, name };
      }),
  ),
  name: optional(z.string()),
  gpu: optional(
    z
      .string()
      .transform((v) => v.toLowerCase())
      .refine((v) => v === NO_GPU || knownAcceleratorTypes().includes(v), {
        message: `is not a known accelerator type; known: ${knownAcceleratorTypes().join(", ")}, or ${NO_GPU}`,
      }),
  ),
  zone: optional(z.string().regex(/^[a-z]+-[a-z0-9]+-[a-z0-9]+$/, "is not a zone name such as europe-west1-b")),
  spot: optional(
    z
      .string()
      .transform((v) => v.toLowerCase())
      .refine((v) => ["true", "false", "yes", "no"].includes(v), {
        message: "must be true, false, yes or no (or empty)",
      })
      .transform((v) => v === "true" || v === "yes"),
  ),
});

interface ParsedRecord {
  record: string[];
  info: { lines: number; empty_lines: number };
}

/** csv-parse reports the line a record ends on; a quoted field may span lines, so derive where it starts. */
function withStartLines(records: ParsedRecord[]): { record: string[]; line: number }[] {
  let previousEnd = 0;
  let previousEmpty = 0;
  return records.map(({ record, info }) => {
    const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
    previousEnd = info.lines;
    previousEmpty = info.empty_lines;
    return { record, line };
  });
}

/** How rosters are read as CSV; tools that rewrite a roster use the same options to find the same rows. */
export const ROSTER_CSV_OPTIONS = {
  bom: true,
  trim: true,
  skip_empty_lines: true,
  relax_column_count: true,
  info: true,
} as const;

/** The line where the row after the first `records` complete records starts (blank lines skipped). */
function lineAfterRecords(text: string, records: number): number {
  const complete =
    records > 0 ? (parse(text, { ...ROSTER_CSV_OPTIONS, to: records }) as unknown as ParsedRecord[]) : [];
  const lines = text.split("\n");
  let index = complete.at(-1)?.info.lines ?? 0;
  while (index < lines.length - 1 && lines[index]!.trim() === "") index++;
  return index + 1;
}

/**
 * Reads a roster CSV: header row, then one student per row. Tolerates a UTF-8 BOM, CRLF, blanks around fields and
 * quoted fields. Every problem is added to `issues`; only valid rows are returned, in file order.
 */
export function parseRoster(text: string, file: string, issues: IssueCollector): RosterStudent[] {
  // csv-parse counts a CRLF inside a quoted field as two lines, which would shift the line of every later row; with
  // LF line ends only, the counts stay right.
  const lf = text.replace(/\r\n?/g, "\n");
  let parsed: { record: string[]; line: number }[];
  try {
    parsed = withStartLines(parse(lf, ROSTER_CSV_OPTIONS) as unknown as ParsedRecord[]);
  } catch (error) {
    const csvError = error as { code?: string; lines?: number; records?: number; message: string };
    if (csvError.code === "CSV_QUOTE_NOT_CLOSED") {
      // csv-parse names the line where the file ended; the row to fix is where the open quote starts.
      issues.add({
        file,
        line: lineAfterRecords(lf, csvError.records ?? 0),
        message: 'not readable as CSV: this row opens a quoted field (") that is never closed',
      });
      return [];
    }
    issues.add({
      file,
      ...(csvError.lines ? { line: csvError.lines } : {}),
      message: `not readable as CSV: ${csvError.message}`,
    });
    return [];
  }
  const [header, ...rows] = parsed;
  if (!header) {
    issues.add({
      file,
      line: 1,
      message: "the roster is empty: it needs a header row (id,email,...) and one row per student",
    });
    return [];
  }
  const columns = mapColumns(header, file, issues);
  if (!columns) return [];
  if (rows.length === 0) {
    issues.add({
      file,
      line: header.line,
      message: "the roster has no students: add one row per student below the header",
    });
    return [];
  }

  const students: RosterStudent[] = [];
  const firstLineOf = {
    id: new Map<string, number>(),
    email: new Map<string, number>(),
    repo: new Map<string, number>(),
  };
  for (const { record, line } of rows) {
    if (record.length !== header.record.length) {
      issues.add({ file, line, message: `has ${record.length} fields, the header has ${header.record.length}` });
      continue;
    }
    const raw = Object.fromEntries(columns.map(({ field, index }) => [field, record[index] ?? ""]));
    const result = ROW.safeParse(raw);
    const failed = new Set<RosterField>();
    for (const issue of result.success ? [] : result.error.issues) {
      const field = issue.path[0] as RosterField;
      const value = raw[field] ?? "";
      failed.add(field);
      issues.add({
        file,
        line,
        field: columnLabel(columns, field),
        message: value ? `"${value}" ${issue.message}` : issue.message,
      });
    }
    // Duplicates are checked on every row, also one with other problems, so that all of them show at once.
    const duplicates: [keyof typeof firstLineOf, string | undefined][] = [
      ["id", raw.id ? normalizeStudentId(raw.id) : undefined],
      ["email", raw.email?.toLowerCase()],
      ["repo", raw.repo?.replace(/\.git$/, "").toLowerCase()],
    ];
    let duplicate = false;
    for (const [kind, key] of duplicates) {
      if (!key || failed.has(kind)) continue;
      const first = firstLineOf[kind].get(key);
      if (first !== undefined) {
        issues.add({
          file,
          line,
          field: columnLabel(columns, kind),
          message: `duplicate ${kind} "${key}" (first on line ${first})`,
        });
        duplicate = true;
      } else {
        firstLineOf[kind].set(key, line);
      }
    }
    if (result.success && !duplicate) {
      // Optional fields left empty are absent, not present as undefined.
      const fields = Object.entries(result.data).filter(([, value]) => value !== undefined);
      students.push({ line, ...Object.fromEntries(fields) } as RosterStudent);
    }
  }
  return students;
}

interface Column {
  field: RosterField;
  index: number;
  header: string;
}

function mapColumns(
  header: { record: string[]; line: number },
  file: string,
  issues: IssueCollector,
): Column[] | undefined {
  const line = header.line;
  const columns: Column[] = [];
  let ok = true;
  header.record.forEach((name, index) => {
    const field = rosterFieldOf(name);
    if (!field) return; // other columns (e.g. github_id of a Classroom export) are ignored
    const taken = columns.find((c) => c.field === field);
    if (taken) {
      issues.add({
        file,
        line,
        field: name,
        message: `means the same as column "${taken.header}" (${field}); keep one`,
      });
      ok = false;
      return;
    }
    columns.push({ field, index, header: name });
  });
  for (const field of REQUIRED) {
    if (!columns.some((c) => c.field === field)) {
      issues.add({
        file,
        line,
        field,
        message: `required column is missing (accepted names: ${COLUMN_ALIASES[field].join(", ")}); header is: ${header.record.join(",")}`,
      });
      ok = false;
    }
  }
  return ok ? columns : undefined;
}

function columnLabel(columns: readonly Column[], field: RosterField): string {
  return columns.find((c) => c.field === field)?.header ?? field;
}
