import * as fs from "node:fs";
import * as path from "node:path";
import { planCourse, type CoursePlan } from "../model/plan";
import { PROJECT_NAME } from "./config-schema";
import { readCourseConfig, readProviderConfig } from "./course-config";
import { IssueCollector, type InputIssue } from "./input-error";
import { parseRoster } from "./roster";
import { stackConfigSource } from "./stack-config";

export interface CourseSource {
  /** Directory of Pulumi.yaml; relative paths in config are resolved against it. */
  readonly projectRoot: string;
  readonly stack: string;
  /** Config as the engine passes it: `namespace:key` -> string. */
  readonly config: Readonly<Record<string, string>>;
}

/**
 * Reads and checks the stack config and the roster, and plans the course. Throws `InputError` listing every
 * problem (file, line, field) when anything is invalid, so that the program registers nothing.
 */
export function loadCoursePlan(source: CourseSource): CoursePlan {
  const issues = new IssueCollector();
  const stackConfig = stackConfigSource(source.projectRoot, source.stack, source.config);
  const provider = readProviderConfig(stackConfig, issues);
  const config = readCourseConfig(stackConfig, issues);
  const configIssue = (key: string, message: string): InputIssue => {
    const field = key.includes(":") ? key : `${PROJECT_NAME}:${key}`;
    const line = stackConfig.lineOf(field);
    return { file: stackConfig.file, ...(line === undefined ? {} : { line }), field, message };
  };

  const { path: rosterPath, file: rosterFile } = rosterLocation(source.projectRoot, config.roster);
  let rosterText: string | undefined;
  try {
    rosterText = fs.readFileSync(rosterPath, "utf8");
  } catch (error) {
    issues.add(
      configIssue(
        "roster",
        `cannot read roster ${rosterPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      ),
    );
  }
  const students = rosterText === undefined ? [] : parseRoster(rosterText, rosterFile, issues);

  const planIssues: InputIssue[] = [];
  const plan =
    provider.project && provider.region
      ? planCourse(
          {
            stack: source.stack,
            project: provider.project,
            region: provider.region,
            config,
            students,
            rosterFile,
            configIssue,
          },
          planIssues,
        )
      : undefined;
  planIssues.forEach((issue) => issues.add(issue));
  issues.throwIfAny();
  return plan!;
}

/**
 * Where the roster setting points: resolved against the project root (so `pulumi` works from any directory), and
 * named in messages as the user would open it: relative inside the project, absolute outside it.
 */
export function rosterLocation(projectRoot: string, rosterSetting: string): { path: string; file: string } {
  const resolved = path.resolve(projectRoot, rosterSetting);
  const relative = path.relative(projectRoot, resolved);
  return { path: resolved, file: relative.startsWith("..") || path.isAbsolute(relative) ? resolved : relative };
}

/** The project root: the nearest directory upwards holding Pulumi.yaml. */
export function findProjectRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no Pulumi.yaml found above ${start}`);
    dir = parent;
  }
}
