import * as fs from "node:fs";
import * as path from "node:path";
import { LineCounter, isMap, isScalar, parseDocument } from "yaml";

/**
 * The raw config of a stack as the Pulumi engine hands it to the program (`namespace:key` -> string; arrays and
 * objects as JSON), plus where each key is written, so that messages can point at the line to edit.
 */
export interface StackConfigSource {
  readonly stack: string;
  /** Stack config file, relative to the project root (may not exist: config can also come from the CLI). */
  readonly file: string;
  readonly values: Readonly<Record<string, string>>;
  /** The line of `key` in the stack file, when it is written there. */
  lineOf(key: string): number | undefined;
}

export function stackConfigFile(stack: string): string {
  return `Pulumi.${stack}.yaml`;
}

/** Finds the line of every top-level key under `config:` in a stack file; an unreadable file just gives no lines. */
export function locateConfigKeys(projectRoot: string, file: string): Map<string, number> {
  const lines = new Map<string, number>();
  let text: string;
  try {
    text = fs.readFileSync(path.join(projectRoot, file), "utf8");
  } catch {
    return lines;
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const config = doc.get("config", true);
  if (!isMap(config)) return lines;
  for (const pair of config.items) {
    if (isScalar(pair.key) && pair.key.range) {
      lines.set(String(pair.key.value), counter.linePos(pair.key.range[0]).line);
    }
  }
  return lines;
}

export function stackConfigSource(
  projectRoot: string,
  stack: string,
  values: Readonly<Record<string, string>>,
): StackConfigSource {
  const file = stackConfigFile(stack);
  const lines = locateConfigKeys(projectRoot, file);
  return { stack, file, values, lineOf: (key) => lines.get(key) };
}
