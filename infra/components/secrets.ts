import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { childOptions } from "./options";
import type { Labels } from "../model/labels";

export interface StudentSecretsArgs {
  /** Secret ids; the secrets are created empty and the student adds the value, so no secret value is in state. */
  readonly secretIds: readonly string[];
  readonly labels: Labels;
}

/** Secret Manager secrets of one student (e.g. an experiment-tracking key). */
export class StudentSecrets extends pulumi.ComponentResource {
  readonly secrets: Record<string, gcp.secretmanager.Secret>;

  constructor(name: string, args: StudentSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("course-cloud:student:Secrets", name, {}, opts);
    this.secrets = Object.fromEntries(
      args.secretIds.map((secretId) => [
        secretId,
        new gcp.secretmanager.Secret(
          `${name}-${secretId}`,
          { secretId, replication: { auto: {} }, labels: { ...args.labels } },
          childOptions(this, opts),
        ),
      ]),
    );
    this.registerOutputs({});
  }
}
