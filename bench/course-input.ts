import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readStackConfig } from "../cli/offline/stack-config";
import { sampleRoster } from "../cli/offline/sample-roster";

/** Shared by the orchestrator and the workers: the `course` stack's config with a generated roster of any size. */

export const PROJECT_ROOT = path.resolve(__dirname, "..");
export const PROJECT = "course-cloud";
export const STACK = "course";

/** Pulumi.course.yaml plus Pulumi.yaml defaults, as the CLI passes them. */
export function stackConfig(): Record<string, string> {
  return readStackConfig(PROJECT_ROOT, STACK);
}

export interface BenchInput {
  readonly config: Record<string, string>;
  /** Removes the temporary roster. */
  cleanup(): void;
}

/**
 * Pulumi.course.yaml as the CLI would pass it, with the roster replaced by `students` generated students (every one
 * with a repository, so every capability is exercised). The stack's declared GPU quota is for its real class of a
 * few students; it is raised to the generated class's size so that the quota check runs and passes.
 */
export function courseInput(students: number): BenchInput {
  const config = stackConfig();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "course-bench-"));
  const roster = path.join(dir, "roster.csv");
  fs.writeFileSync(roster, sampleRoster(students));
  config[`${PROJECT}:roster`] = roster;
  const quota = JSON.parse(config[`${PROJECT}:gpuQuota`] ?? "[]") as string[];
  config[`${PROJECT}:gpuQuota`] = JSON.stringify(
    quota.map((entry) => entry.replace(/=\d+$/, `=${Math.max(students, Number(entry.split("=")[1]))}`)),
  );
  return { config, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The figures of the config that change how many resources a student gets. */
export function resourceDrivers(config: Readonly<Record<string, string>>): string {
  const list = (key: string) => JSON.parse(config[`${PROJECT}:${key}`] ?? "[]") as string[];
  const secrets = list("studentSecrets");
  const billing = config[`${PROJECT}:billingAccount`];
  const actions = config[`${PROJECT}:githubActions`] === "true";
  return [
    "every student with a repo (build trigger)",
    `${secrets.length} student secret${secrets.length === 1 ? "" : "s"}${secrets.length ? ` (${secrets.join(", ")})` : ""}`,
    billing ? "a budget per student (billingAccount set)" : "no budgets (no billingAccount)",
    actions ? "GitHub Actions federation on" : "GitHub Actions federation off",
  ].join("; ");
}
