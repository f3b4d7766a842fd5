/**
 * Problems found in what an instructor edits (roster, stack config), collected so that every one of them can be
 * reported at once, each naming the file, the line and the field.
 */
export interface InputIssue {
  /** Path of the file, relative to the project root, as the user would open it. */
  readonly file: string;
  /** 1-based line number, when the problem can be pinned to a line. */
  readonly line?: number;
  /** Column name (roster) or config key (stack config). */
  readonly field?: string;
  /** What rule was broken and, where possible, what would work instead. */
  readonly message: string;
}

export function formatIssue(issue: InputIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`;
  const field = issue.field === undefined ? "" : ` ${issue.field}:`;
  return `${where}:${field} ${issue.message}`;
}

/** Thrown before any resource is registered when the roster or the config is invalid. */
export class InputError extends Error {
  readonly issues: readonly InputIssue[];

  constructor(issues: readonly InputIssue[]) {
    const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
    super(
      `Invalid course input (${count}); nothing was created:\n${sortIssues(issues)
        .map((i) => `  - ${formatIssue(i)}`)
        .join("\n")}`,
    );
    this.name = "InputError";
    this.issues = sortIssues(issues);
  }
}

function sortIssues(issues: readonly InputIssue[]): InputIssue[] {
  return [...issues].sort(
    (a, b) =>
      a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.field ?? "").localeCompare(b.field ?? ""),
  );
}

/** Collects issues; `throwIfAny` ends validation with every problem at once. */
export class IssueCollector {
  private readonly found: InputIssue[] = [];

  add(issue: InputIssue): void {
    this.found.push(issue);
  }

  get issues(): readonly InputIssue[] {
    return this.found;
  }

  get hasIssues(): boolean {
    return this.found.length > 0;
  }

  throwIfAny(): void {
    if (this.found.length > 0) throw new InputError(this.found);
  }
}
