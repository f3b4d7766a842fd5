/**
 * Fictional rosters of any size, for trying the program, benchmarks and tests. Ids look like DTU's (`s` and six
 * digits); every student has a repository in one made-up organisation.
 */
export interface SampleRosterOptions {
  /** First student number; change it to get a disjoint set of students. */
  readonly start?: number;
  /** Give every n-th student no repository (0: everyone has one). */
  readonly withoutRepoEvery?: number;
}

export function sampleStudentId(index: number, start = 100000): string {
  return `s${String(start + index).padStart(6, "0")}`;
}

export function sampleRoster(count: number, options: SampleRosterOptions = {}): string {
  const lines = ["id,email,github,repo,name"];
  for (let i = 0; i < count; i++) {
    const id = sampleStudentId(i, options.start);
    const repo = options.withoutRepoEvery && i % options.withoutRepoEvery === 0 ? "" : `mlops-class/${id}-mlops`;
    lines.push(`${id},${id}@student.example.edu,${id}-gh,${repo},Student ${id}`);
  }
  return `${lines.join("\n")}\n`;
}
