import { estimateCourseCost } from "../infra/model/cost";
import { runProgramOffline } from "./offline/run-program";
import { renderReport, summarizeResources } from "./plan-report";
import { loadStackInput, stackCommand } from "./stack-command";

/**
 * `npm run plan [-- --stack course] [--roster file.csv] [--json]`: what `pulumi up` would create for a stack, with
 * its cost estimate, without a cloud account. Exit code 1 when the roster or config is invalid.
 */
async function main(): Promise<number> {
  const program = stackCommand("plan", "Show offline what `pulumi up` would create for a stack, and what it would cost")
    .option("--json", "print the report as JSON (resources, outputs, cost, quota, warnings)")
    .parse();
  const options = program.opts<{ stack: string; roster?: string; json?: boolean }>();
  const input = loadStackInput(options);
  if (!input) return 1;
  const { projectRoot, config, plan } = input;
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
