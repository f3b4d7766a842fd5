import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

/**
 * The config the Pulumi CLI hands a program for a stack: the stack file's values, plus the defaults that
 * Pulumi.yaml declares for keys the stack does not set. Values are strings; lists and objects are JSON, as in
 * the engine's PULUMI_CONFIG.
 */
export function readStackConfig(projectRoot: string, stack: string): Record<string, string> {
  const project = parse(fs.readFileSync(path.join(projectRoot, "Pulumi.yaml"), "utf8")) as {
    name: string;
    config?: Record<string, { default?: unknown } | string | number | boolean>;
  };
  const stackFile = path.join(projectRoot, `Pulumi.${stack}.yaml`);
  const stackConfig = fs.existsSync(stackFile)
    ? ((parse(fs.readFileSync(stackFile, "utf8")) as { config?: Record<string, unknown> } | null)?.config ?? {})
    : {};

  const values: Record<string, string> = {};
  for (const [key, declaration] of Object.entries(project.config ?? {})) {
    const fullKey = key.includes(":") ? key : `${project.name}:${key}`;
    const value = typeof declaration === "object" && declaration !== null ? declaration.default : declaration;
    if (value !== undefined) values[fullKey] = asConfigString(value);
  }
  for (const [key, value] of Object.entries(stackConfig)) {
    const fullKey = key.includes(":") ? key : `${project.name}:${key}`;
    if (typeof value === "object" && value !== null && "secure" in value) {
      throw new Error(`${path.basename(stackFile)}: ${key} is a secret; offline runs cannot decrypt it`);
    }
    values[fullKey] = asConfigString(value);
  }
  return values;
}

function asConfigString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
