import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";

/**
 * Pulumi mocks for offline runs (the `plan` command and the tests). Providers do not run under mocks, so this
 * fills in what Google would compute (emails, self links, full names) with recognisable values, and records every
 * registered resource with its inputs.
 */

export interface RegisteredResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  /** False for component resources (and the stack). */
  readonly custom: boolean;
}

/**
 * The student a resource belongs to: every resource of a student is named `<id>` or `<id>-...` (the student's
 * environment and its children), so it is the longest student id its logical name starts with.
 */
export function studentOwning(resourceName: string, studentIds: readonly string[]): string | undefined {
  let owner: string | undefined;
  for (const id of studentIds) {
    if ((resourceName === id || resourceName.startsWith(`${id}-`)) && id.length > (owner?.length ?? 0)) owner = id;
  }
  return owner;
}

export const MOCK_PROJECT_NUMBER = "123456789012";

type State = Record<string, unknown>;
const str = (value: unknown) => String(value ?? "");

function computedState(type: string, name: string, inputs: State, project: string): State {
  const region = str(inputs.region ?? inputs.location);
  switch (type) {
    case "random:index/randomId:RandomId": {
      const hex = createHash("sha256")
        .update(name)
        .digest("hex")
        .slice(0, Number(inputs.byteLength ?? 4) * 2);
      return { hex, b64Std: Buffer.from(hex, "hex").toString("base64"), dec: BigInt(`0x${hex}`).toString() };
    }
    case "gcp:serviceaccount/account:Account": {
      const email = `${str(inputs.accountId)}@${project}.iam.gserviceaccount.com`;
      return {
        email,
        name: `projects/${project}/serviceAccounts/${email}`,
        member: `serviceAccount:${email}`,
        uniqueId: "100000000000000000001",
      };
    }
    case "gcp:compute/instance:Instance":
      return {
        selfLink: `https://www.googleapis.com/compute/v1/projects/${project}/zones/${str(inputs.zone)}/instances/${str(inputs.name)}`,
        instanceId: "1000000000000000001",
      };
    case "gcp:compute/network:Network":
      return {
        selfLink: `https://www.googleapis.com/compute/v1/projects/${project}/global/networks/${str(inputs.name)}`,
      };
    case "gcp:compute/subnetwork:Subnetwork":
      return {
        selfLink: `https://www.googleapis.com/compute/v1/projects/${project}/regions/${region}/subnetworks/${str(inputs.name)}`,
      };
    case "gcp:compute/resourcePolicy:ResourcePolicy":
      return {
        selfLink: `https://www.googleapis.com/compute/v1/projects/${project}/regions/${region}/resourcePolicies/${str(inputs.name)}`,
      };
    case "gcp:storage/bucket:Bucket":
      return {
        url: `gs://${str(inputs.name)}`,
        selfLink: `https://www.googleapis.com/storage/v1/b/${str(inputs.name)}`,
      };
    case "gcp:artifactregistry/repository:Repository":
      return { name: str(inputs.repositoryId) };
    case "gcp:projects/iAMCustomRole:IAMCustomRole":
      return { name: `projects/${project}/roles/${str(inputs.roleId)}` };
    case "gcp:secretmanager/secret:Secret":
      return { name: `projects/${MOCK_PROJECT_NUMBER}/secrets/${str(inputs.secretId)}` };
    case "gcp:cloudbuildv2/connection:Connection":
      return { name: str(inputs.name) };
    case "gcp:cloudbuild/trigger:Trigger":
      return { triggerId: createHash("sha256").update(name).digest("hex").slice(0, 8) };
    case "gcp:iam/workloadIdentityPool:WorkloadIdentityPool":
      return {
        name: `projects/${MOCK_PROJECT_NUMBER}/locations/global/workloadIdentityPools/${str(inputs.workloadIdentityPoolId)}`,
      };
    case "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider":
      return {
        name: `projects/${MOCK_PROJECT_NUMBER}/locations/global/workloadIdentityPools/${str(inputs.workloadIdentityPoolId)}/providers/${str(inputs.workloadIdentityPoolProviderId)}`,
      };
    case "gcp:monitoring/notificationChannel:NotificationChannel":
      return {
        name: `projects/${project}/notificationChannels/${createHash("sha256").update(name).digest("hex").slice(0, 12)}`,
      };
    default:
      return {};
  }
}

function resourceId(type: string, name: string, inputs: State, project: string): string {
  const region = str(inputs.region ?? inputs.location);
  switch (type) {
    case "gcp:compute/subnetwork:Subnetwork":
      return `projects/${project}/regions/${region}/subnetworks/${str(inputs.name)}`;
    case "gcp:compute/network:Network":
      return `projects/${project}/global/networks/${str(inputs.name)}`;
    case "gcp:cloudbuildv2/connection:Connection":
      return `projects/${project}/locations/${region}/connections/${str(inputs.name)}`;
    case "gcp:cloudbuildv2/repository:Repository":
      return `${str(inputs.parentConnection)}/repositories/${str(inputs.name)}`;
    default:
      return `${name}-id`;
  }
}

export class CourseMocks implements pulumi.runtime.Mocks {
  readonly resources: RegisteredResource[] = [];

  constructor(private readonly project: string) {}

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: State } {
    const inputs = (args.inputs ?? {}) as State;
    this.resources.push({ type: args.type, name: args.name, inputs, custom: args.custom ?? false });
    return {
      id: resourceId(args.type, args.name, inputs, this.project),
      state: { ...inputs, ...computedState(args.type, args.name, inputs, this.project) },
    };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    if (args.token === "gcp:organizations/getProject:getProject") {
      const projectId = str(args.inputs.projectId) || this.project;
      return { projectId, number: MOCK_PROJECT_NUMBER, name: projectId, id: `projects/${projectId}` };
    }
    // Nothing passes by accident: every invoke the program makes must be known here.
    throw new Error(`unexpected invoke ${args.token}`);
  }
}
