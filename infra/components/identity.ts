import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { childOptions } from "./options";

export interface StudentIdentityArgs {
  readonly accountId: string;
  readonly displayName: string;
  readonly studentKey: string;
}

/** The service account a student's workloads run as (VM, Vertex AI jobs, builds). It has no keys. */
export class StudentIdentity extends pulumi.ComponentResource {
  readonly account: gcp.serviceaccount.Account;

  constructor(name: string, args: StudentIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("course-cloud:student:Identity", name, {}, opts);
    this.account = new gcp.serviceaccount.Account(
      `${name}-sa`,
      {
        accountId: args.accountId,
        displayName: `Workloads of ${args.displayName}`,
        description: `VM, Vertex AI jobs and builds of student ${args.studentKey}`,
      },
      childOptions(this, opts),
    );
    this.registerOutputs({ email: this.account.email });
  }
}
