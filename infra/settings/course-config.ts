import { PROJECT_NAME, SETTINGS, type ConfigType, type CourseConfig, type SettingKey } from "./config-schema";
import type { IssueCollector } from "./input-error";
import type { StackConfigSource } from "./stack-config";

/** The provider settings the course needs from the `gcp:` namespace. */
export interface ProviderConfig {
  readonly project: string;
  readonly region: string;
}

const fullKey = (key: string) => `${PROJECT_NAME}:${key}`;

function parseRaw(type: ConfigType, raw: string): { value: unknown } | { error: string } {
  switch (type) {
    case "string":
      return { value: raw };
    case "integer":
      return /^-?\d+$/.test(raw.trim()) ? { value: Number(raw) } : { error: `"${raw}" is not an integer` };
    case "boolean":
      return raw === "true" || raw === "false" ? { value: raw === "true" } : { error: `"${raw}" is not true or false` };
    case "array": {
      try {
        const value: unknown = JSON.parse(raw);
        if (Array.isArray(value) && value.every((item) => typeof item === "string")) return { value };
      } catch {
        // fall through to the message below
      }
      return { error: "must be a YAML list of strings" };
    }
  }
}

/**
 * Reads every course setting from the stack config, applying defaults. A broken value is reported and replaced by
 * its default so that the other checks still run and every problem is reported at once.
 */
export function readCourseConfig(source: StackConfigSource, issues: IssueCollector): CourseConfig {
  const config: Record<string, unknown> = {};
  for (const key of Object.keys(SETTINGS) as SettingKey[]) {
    const spec = SETTINGS[key];
    const raw = source.values[fullKey(key)];
    const report = (message: string) =>
      issues.add({ file: source.file, ...lineOf(source, key), field: fullKey(key), message });
    config[key] = spec.default;
    if (raw === undefined) continue;
    const parsed = parseRaw(spec.type, raw);
    if ("error" in parsed) {
      report(parsed.error);
      continue;
    }
    const checked = (
      spec.schema as {
        safeParse(v: unknown): {
          success: boolean;
          data?: unknown;
          error?: { issues: { message: string; path: PropertyKey[] }[] };
        };
      }
    ).safeParse(parsed.value);
    if (!checked.success) {
      for (const issue of checked.error?.issues ?? []) {
        const item = issue.path.length > 0 ? `item ${Number(issue.path[0]) + 1} ` : "";
        report(`${item}${describe(parsed.value, issue.path)} ${issue.message}`);
      }
      continue;
    }
    config[key] = checked.data;
  }
  for (const key of Object.keys(source.values)) {
    const [namespace, name] = key.split(":", 2) as [string, string | undefined];
    if (namespace === PROJECT_NAME && name !== undefined && !(name in SETTINGS)) {
      const near = nearestSetting(name);
      issues.add({
        file: source.file,
        ...lineOf(source, name),
        field: key,
        message: `unknown setting${near ? `; did you mean ${fullKey(near)}?` : ""} (settings are listed in Pulumi.yaml)`,
      });
    }
  }
  return config as CourseConfig;
}

/** The setting a misspelt key most likely means: same letters ignoring case, or at most 2 edits away. */
function nearestSetting(name: string): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const key of Object.keys(SETTINGS)) {
    const distance = editDistance(name.toLowerCase(), key.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { key, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function describe(value: unknown, path: PropertyKey[]): string {
  const at = path.length > 0 && Array.isArray(value) ? value[Number(path[0])] : value;
  return JSON.stringify(at);
}

function lineOf(source: StackConfigSource, key: string): { line?: number } {
  const line = source.lineOf(fullKey(key)) ?? source.lineOf(key);
  return line === undefined ? {} : { line };
}

/** `gcp:project` and `gcp:region` are required: the course is one project in one region. */
export function readProviderConfig(source: StackConfigSource, issues: IssueCollector): ProviderConfig {
  const read = (key: "project" | "region", example: string): string => {
    const value = source.values[`gcp:${key}`]?.trim() ?? "";
    if (value === "") {
      issues.add({
        file: source.file,
        field: `gcp:${key}`,
        message: `is required; set it with: pulumi config set gcp:${key} ${example} --stack ${source.stack}`,
      });
    }
    return value;
  };
  return { project: read("project", "my-course-project"), region: read("region", "europe-west1") };
}
