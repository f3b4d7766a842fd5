import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { childOptions } from "./options";
import type { Labels } from "../model/labels";
import type { RegistryPlan } from "../model/plan";

export interface StudentRegistryArgs {
  readonly registry: RegistryPlan;
  readonly labels: Labels;
}

/** A student's Docker repository in the course region; the cleanup policy keeps the most recent versions. */
export class StudentRegistry extends pulumi.ComponentResource {
  readonly repository: gcp.artifactregistry.Repository;

  constructor(name: string, args: StudentRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("course-cloud:student:Registry", name, {}, opts);
    const { registry } = args;
    this.repository = new gcp.artifactregistry.Repository(
      `${name}-repository`,
      {
        repositoryId: registry.repositoryId,
        location: registry.location,
        format: "DOCKER",
        description: "Docker images of one student",
        cleanupPolicyDryRun: false,
        cleanupPolicies: [
          { id: "keep-most-recent", action: "KEEP", mostRecentVersions: { keepCount: registry.keepVersions } },
          { id: "delete-older", action: "DELETE", condition: { tagState: "ANY" } },
        ],
        labels: { ...args.labels },
      },
      childOptions(this, opts),
    );
    this.registerOutputs({ url: registry.url });
  }
}
