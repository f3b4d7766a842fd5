import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

/** What the Pulumi CLI's Node.js host takes from Pulumi.yaml to start the program. */
export interface NodeProject {
  readonly name: string;
  /** The program, relative to the project root (`.` when Pulumi.yaml names none). */
  readonly main: string;
  /** Whether the host compiles TypeScript with ts-node (the runtime's `typescript` option, on by default). */
  readonly typescript: boolean;
  /** The runtime's `nodeargs`, passed to `node` before the program. */
  readonly nodeArgs: string[];
}

interface ProjectFile {
  name: string;
  main?: string;
  runtime: string | { name: string; options?: { typescript?: boolean; nodeargs?: string } };
}

export function readNodeProject(projectRoot: string): NodeProject {
  const project = parse(fs.readFileSync(path.join(projectRoot, "Pulumi.yaml"), "utf8")) as ProjectFile;
  const options = typeof project.runtime === "string" ? {} : (project.runtime.options ?? {});
  return {
    name: project.name,
    main: project.main ?? ".",
    typescript: options.typescript !== false,
    nodeArgs: options.nodeargs ? options.nodeargs.split(/\s+/).filter(Boolean) : [],
  };
}
