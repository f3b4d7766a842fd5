import assert from "node:assert/strict";
import { planCourse, type CourseInputs, type CoursePlan } from "../../infra/model/plan";
import { SETTINGS, type CourseConfig, type SettingKey } from "../../infra/settings/config-schema";
import type { InputIssue } from "../../infra/settings/input-error";
import type { RosterStudent } from "../../infra/settings/roster";

/** Builds plan inputs for model tests: every setting at its default unless given, a roster given as students. */

export const ROSTER_FILE = "stacks/rosters/test.csv";
export const STACK_FILE = "Pulumi.test.yaml";

export function defaultConfig(overrides: Partial<CourseConfig> = {}): CourseConfig {
  const config = Object.fromEntries(
    (Object.keys(SETTINGS) as SettingKey[]).map((key) => {
      const value = SETTINGS[key].default;
      return [key, Array.isArray(value) ? [...value] : value];
    }),
  ) as CourseConfig;
  return { ...config, ...overrides };
}

/** A roster student on line `index + 2` (after the header). */
export function student(id: string, index = 0, extra: Partial<RosterStudent> = {}): RosterStudent {
  return { line: index + 2, id, email: `${id}@student.example.edu`, ...extra };
}

export function students(ids: readonly string[]): RosterStudent[] {
  return ids.map((id, index) => student(id, index));
}

export function inputs(config: Partial<CourseConfig>, roster: readonly RosterStudent[]): CourseInputs {
  return {
    stack: "test",
    project: "mlops-test",
    region: "europe-west1",
    config: defaultConfig(config),
    students: roster,
    rosterFile: ROSTER_FILE,
    configIssue: (key, message) => ({ file: STACK_FILE, field: `course-cloud:${key}`, message }),
  };
}

export function planWithIssues(
  config: Partial<CourseConfig>,
  roster: readonly RosterStudent[],
  region = "europe-west1",
): { plan: CoursePlan; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const plan = planCourse({ ...inputs(config, roster), region }, issues);
  return { plan, issues };
}

/** Plans inputs that must be valid. */
export function plan(
  config: Partial<CourseConfig>,
  roster: readonly RosterStudent[],
  region = "europe-west1",
): CoursePlan {
  const result = planWithIssues(config, roster, region);
  assert.deepEqual(result.issues, []);
  return result.plan;
}
