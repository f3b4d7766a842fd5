import * as path from "node:path";
import { Command } from "commander";
import { estimateCourseCost } from "../infra/model/cost";
import { InputError } from "../infra/settings/input-error";
import { findProjectRoot, loadCoursePlan } from "../infra/settings/load-course";
import { runProgramOffline } from "./offline/run-program";
import { readStackConfig } from "./offline/stack-config";
import { renderReport, summarizeResources } from "./plan-report";

/**
 * `npm run plan [-- --stack course] [--roster file.csv] [--json]`: what `pulumi up` would create for a stack, with
 * its cost estimate, without a cloud account. Exit code 1 when the roster or config is invalid.
 */
async function main(): Promise<number> {
  const program = new Command("plan")
    .description("Show offline what `pulumi up` would create for a stack, and what it would cost")
    .option("-s, --stack <name>", "stack whose Pulumi.<stack>.yaml to use", "dev")
    .option("-r, --roster <file>", "use this roster instead of the stack's")
    .option("--json", "print the report as JSON (resources, outputs, cost, quota, warnings)")
    .parse();
  const options = program.opts<{ stack: string; roster?: string; json?: boolean }>();
  const projectRoot = findProjectRoot(__dirname);
  const config = readStackConfig(projectRoot, options.stack);
  if (options.roster) config["course-cloud:roster"] = path.resolve(options.roster);

  let plan;
  try {
    plan = loadCoursePlan({ projectRoot, stack: options.stack, config });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    console.error(error.message);
    return 1;
  }
  const run = await runProgramOffline({ projectRoot, stack: options.stack, config });
  const cost = estimateCourseCost(plan);
  const summary = summarizeResources(
    run,
    plan.students.map((s) => s.key),
  );
  if (options.json) {
    const report = {
      stack: plan.stack,
      project: plan.project,
      region: plan.region,
      resources: run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack"),
      summary,
      outputs: run.outputs,
      cost,
      quotaNeeds: plan.quotaNeeds,
      warnings: plan.warnings,
    };
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log(renderReport(plan, run, cost, summary));
  }
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
