import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { childOptions } from "./options";
import { memberOf, type CustomRoleKey, type Grant, type PrincipalIds, type Target } from "../model/access";
import { grantResourceName } from "./naming";

/** What grants can point at, as real resources of the stack. */
export interface GrantContext {
  readonly project: string;
  /** Full names (`projects/<p>/roles/<id>`) of the course's custom roles. */
  readonly customRoles: Readonly<Record<CustomRoleKey, pulumi.Input<string>>>;
  /** Emails and numbers the grants' member strings are made of (see `memberOf`). */
  readonly principalIds: { readonly [K in keyof PrincipalIds]?: pulumi.Input<string> };
  readonly instance?: gcp.compute.Instance;
  readonly bucket?: gcp.storage.Bucket;
  readonly repository?: gcp.artifactregistry.Repository;
  readonly serviceAccount?: gcp.serviceaccount.Account;
  readonly secrets?: Readonly<Record<string, gcp.secretmanager.Secret>>;
  readonly accessLogBucket?: gcp.storage.Bucket;
  /** Secret id of the GitHub token the course's connection uses. */
  readonly githubTokenSecretId?: string;
}

export interface AccessGrantsArgs {
  readonly grants: readonly Grant[];
  readonly context: GrantContext;
}

/**
 * Turns the access model's grants into additive IAM members (never authoritative bindings or policies, which
 * would let one student's grants overwrite another's), one resource per grant.
 */
export class AccessGrants extends pulumi.ComponentResource {
  constructor(name: string, args: AccessGrantsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("course-cloud:access:Grants", name, {}, opts);
    for (const grant of args.grants) {
      createMember(grantResourceName(name, grant), grant, args.context, childOptions(this, opts));
    }
    this.registerOutputs({});
  }
}

function need<T>(value: T | undefined, what: string, target: Target): T {
  if (value === undefined) throw new Error(`grant on ${target.kind} needs ${what} in its context`);
  return value;
}

function createMember(
  name: string,
  grant: Grant,
  context: GrantContext,
  opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  const role = grant.role.startsWith("custom:")
    ? context.customRoles[grant.role.slice("custom:".length) as CustomRoleKey]
    : grant.role;
  const member = pulumi.output(context.principalIds).apply((ids) => memberOf(grant.principal, ids as PrincipalIds));
  const target = grant.target;
  switch (target.kind) {
    case "project":
      return new gcp.projects.IAMMember(name, { project: context.project, role, member }, opts);
    case "instance": {
      const instance = need(context.instance, "the instance", target);
      return new gcp.compute.InstanceIAMMember(
        name,
        { project: context.project, zone: instance.zone, instanceName: instance.name, role, member },
        opts,
      );
    }
    case "iapTunnelInstance": {
      const instance = need(context.instance, "the instance", target);
      return new gcp.iap.TunnelInstanceIAMMember(
        name,
        { project: context.project, zone: instance.zone, instance: instance.name, role, member },
        opts,
      );
    }
    case "bucket":
      return new gcp.storage.BucketIAMMember(
        name,
        { bucket: need(context.bucket, "the bucket", target).name, role, member },
        opts,
      );
    case "accessLogBucket":
      return new gcp.storage.BucketIAMMember(
        name,
        { bucket: need(context.accessLogBucket, "the access-log bucket", target).name, role, member },
        opts,
      );
    case "repository": {
      const repository = need(context.repository, "the repository", target);
      return new gcp.artifactregistry.RepositoryIamMember(
        name,
        { project: context.project, location: repository.location, repository: repository.name, role, member },
        opts,
      );
    }
    case "serviceAccount":
      return new gcp.serviceaccount.IAMMember(
        name,
        { serviceAccountId: need(context.serviceAccount, "the service account", target).name, role, member },
        opts,
      );
    case "secret": {
      const secret = need(context.secrets?.[target.secret], `secret ${target.secret}`, target);
      return new gcp.secretmanager.SecretIamMember(
        name,
        { project: context.project, secretId: secret.secretId, role, member },
        opts,
      );
    }
    case "githubTokenSecret":
      return new gcp.secretmanager.SecretIamMember(
        name,
        {
          project: context.project,
          secretId: need(context.githubTokenSecretId, "the GitHub token secret", target),
          role,
          member,
        },
        opts,
      );
  }
}
