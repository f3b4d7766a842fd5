import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { childOptions } from "./options";
import type { BuildPlan } from "../model/plan";

export interface BuildTriggerArgs {
  readonly build: BuildPlan;
  readonly region: string;
  readonly project: string;
  /** Full name of the Cloud Build 2nd-gen GitHub connection. */
  readonly connection: pulumi.Input<string>;
  readonly serviceAccountEmail: pulumi.Input<string>;
  readonly tags: string[];
  /** Handed to the student's build config, so it needs no hard-coded names. */
  readonly substitutions: Record<string, pulumi.Input<string>>;
}

/**
 * The student's GitHub repository linked to the course's connection, and a trigger that builds it on pushes to
 * the configured branch, running as the student's own service account.
 */
export class BuildTrigger extends pulumi.ComponentResource {
  readonly trigger: gcp.cloudbuild.Trigger;

  constructor(name: string, args: BuildTriggerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("course-cloud:student:BuildTrigger", name, {}, opts);
    const { build } = args;
    const repository = new gcp.cloudbuildv2.Repository(
      `${name}-github-repo`,
      {
        name: build.linkedRepositoryName,
        location: args.region,
        parentConnection: args.connection,
        remoteUri: build.remoteUri,
      },
      childOptions(this, opts),
    );
    this.trigger = new gcp.cloudbuild.Trigger(
      `${name}-trigger`,
      {
        name: build.triggerName,
        location: args.region,
        description: `Builds ${build.repository} on pushes to ${build.branch}`,
        repositoryEventConfig: { repository: repository.id, push: { branch: build.branch } },
        filename: build.configFile,
        serviceAccount: pulumi.interpolate`projects/${args.project}/serviceAccounts/${args.serviceAccountEmail}`,
        substitutions: args.substitutions,
        tags: args.tags,
      },
      childOptions(this, opts),
    );
    this.registerOutputs({ trigger: this.trigger.name });
  }
}
