import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { CustomRoleKey } from "../model/access";
import { BUCKET_SUFFIX_BYTES } from "../model/naming";
import { IAP_SSH_SOURCE_RANGES, attributeCondition, type CoursePlan } from "../model/plan";
import { API_SERVICE_SETTINGS } from "../model/resource-options";
import { AccessGrants } from "./access";

export interface CourseFoundationArgs {
  readonly plan: CoursePlan;
}

/**
 * What the whole class shares: the enabled APIs, the course network (subnet, Cloud Router + NAT, IAP-only SSH),
 * OS Login for the project, the custom roles, the access-log bucket, the GitHub connection and, when on, the
 * workload identity pool for students' GitHub Actions.
 */
export class CourseFoundation extends pulumi.ComponentResource {
  /** Enabled APIs: every course resource depends on them. */
  readonly apis: gcp.projects.Service[];
  readonly network: gcp.compute.Network;
  readonly subnet: gcp.compute.Subnetwork;
  readonly customRoles: Record<CustomRoleKey, gcp.projects.IAMCustomRole>;
  readonly accessLogBucket: gcp.storage.Bucket;
  readonly workloadIdentityPool?: gcp.iam.WorkloadIdentityPool;
  readonly workloadIdentityProvider?: gcp.iam.WorkloadIdentityPoolProvider;
  readonly projectNumber: pulumi.Output<string>;
  /** The course's own grants (instructors, the stop schedule's service agent, log delivery, Cloud Build). */
  readonly courseAccess: AccessGrants;
  /** Full name of the Cloud Build GitHub connection (existing or created), when the course has one. */
  readonly githubConnection?: pulumi.Output<string>;

  constructor(name: string, args: CourseFoundationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("course-cloud:course:Foundation", name, {}, opts);
    const { plan } = args;
    const parent = { parent: this };

    this.apis = plan.apis.map(
      (api) =>
        new gcp.projects.Service(
          `${name}-api-${api.split(".")[0]}`,
          { project: plan.project, service: api, ...API_SERVICE_SETTINGS },
          parent,
        ),
    );
    const afterApis = { parent: this, dependsOn: this.apis };
    this.projectNumber = gcp.organizations
      .getProjectOutput({ projectId: plan.project }, parent)
      .apply((p) => p.number!);

    this.network = new gcp.compute.Network(
      `${name}-network`,
      {
        name: plan.names.network,
        autoCreateSubnetworks: false,
        description: `Network of course ${plan.courseId}: student VMs have no external IP`,
      },
      afterApis,
    );
    this.subnet = new gcp.compute.Subnetwork(
      `${name}-subnet`,
      {
        name: plan.names.subnet,
        network: this.network.id,
        region: plan.region,
        ipCidrRange: plan.subnetCidr,
        privateIpGoogleAccess: true,
        logConfig: { aggregationInterval: "INTERVAL_10_MIN", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" },
      },
      afterApis,
    );
    const router = new gcp.compute.Router(
      `${name}-router`,
      { name: plan.names.router, network: this.network.id, region: plan.region },
      afterApis,
    );
    new gcp.compute.RouterNat(
      `${name}-nat`,
      {
        name: plan.names.nat,
        router: router.name,
        region: plan.region,
        natIpAllocateOption: "AUTO_ONLY",
        sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
        logConfig: { enable: true, filter: "ERRORS_ONLY" },
      },
      afterApis,
    );
    new gcp.compute.Firewall(
      `${name}-iap-ssh`,
      {
        name: plan.names.iapSshFirewall,
        network: this.network.id,
        description: "SSH to course VMs only through Identity-Aware Proxy TCP forwarding",
        direction: "INGRESS",
        sourceRanges: [...IAP_SSH_SOURCE_RANGES],
        targetTags: [plan.names.vmTag],
        allows: [{ protocol: "tcp", ports: ["22"] }],
        logConfig: { metadata: "INCLUDE_ALL_METADATA" },
      },
      afterApis,
    );
    new gcp.compute.ProjectMetadataItem(
      `${name}-oslogin`,
      { project: plan.project, key: "enable-oslogin", value: "TRUE" },
      afterApis,
    );

    this.customRoles = Object.fromEntries(
      (Object.keys(plan.customRoles) as CustomRoleKey[]).map((key) => {
        const role = plan.customRoles[key];
        return [
          key,
          new gcp.projects.IAMCustomRole(
            `${name}-role-${key}`,
            {
              project: plan.project,
              roleId: role.id,
              title: role.title,
              description: role.description,
              permissions: [...role.permissions],
              stage: "GA",
            },
            afterApis,
          ),
        ];
      }),
    ) as Record<CustomRoleKey, gcp.projects.IAMCustomRole>;

    const logSuffix = new random.RandomId(`${name}-access-logs-suffix`, { byteLength: BUCKET_SUFFIX_BYTES }, parent);
    this.accessLogBucket = new gcp.storage.Bucket(
      `${name}-access-logs`,
      {
        name: pulumi.interpolate`${plan.names.accessLogBucketPrefix}-${logSuffix.hex}`,
        location: plan.costInputs.bucketLocation,
        uniformBucketLevelAccess: true,
        publicAccessPrevention: "enforced",
        versioning: { enabled: true },
        forceDestroy: true,
        labels: { ...plan.labels },
      },
      afterApis,
    );

    if (plan.githubActions) {
      this.workloadIdentityPool = new gcp.iam.WorkloadIdentityPool(
        `${name}-github-pool`,
        {
          workloadIdentityPoolId: plan.names.workloadIdentityPool,
          displayName: `${plan.courseId} GitHub Actions`,
          description: "Students' GitHub Actions; each repository may impersonate only its student's service account",
        },
        afterApis,
      );
      this.workloadIdentityProvider = new gcp.iam.WorkloadIdentityPoolProvider(
        `${name}-github-provider`,
        {
          workloadIdentityPoolId: this.workloadIdentityPool.workloadIdentityPoolId,
          workloadIdentityPoolProviderId: plan.names.workloadIdentityProvider,
          displayName: "GitHub Actions",
          attributeMapping: {
            "google.subject": "assertion.sub",
            "attribute.repository": "assertion.repository",
            "attribute.repository_owner": "assertion.repository_owner",
          },
          attributeCondition: attributeCondition(plan.githubActions.repositories),
          oidc: { issuerUri: "https://token.actions.githubusercontent.com" },
        },
        afterApis,
      );
    }

    this.courseAccess = new AccessGrants(
      "course-access",
      {
        grants: plan.grants,
        context: {
          project: plan.project,
          customRoles: Object.fromEntries(
            Object.entries(this.customRoles).map(([key, role]) => [key, role.name]),
          ) as Record<CustomRoleKey, pulumi.Output<string>>,
          principalIds: { projectNumber: this.projectNumber },
          accessLogBucket: this.accessLogBucket,
          ...(plan.githubConnection?.kind === "create"
            ? { githubTokenSecretId: plan.githubConnection.tokenSecretId }
            : {}),
        },
      },
      afterApis,
    );

    const connection = plan.githubConnection;
    if (connection?.kind === "create") {
      // Google reads the token secret as Cloud Build's service agent while creating the connection, so it waits
      // for the course's grants (which let the agent read it) as well as for the APIs.
      this.githubConnection = new gcp.cloudbuildv2.Connection(
        `${name}-github`,
        {
          name: connection.name,
          location: plan.region,
          githubConfig: {
            appInstallationId: connection.appInstallationId,
            authorizerCredential: { oauthTokenSecretVersion: connection.tokenSecretVersion },
          },
        },
        { parent: this, dependsOn: [...this.apis, this.courseAccess] },
      ).id;
    } else if (connection?.kind === "existing") {
      this.githubConnection = pulumi.output(connection.name);
    }

    this.registerOutputs({
      network: this.network.id,
      subnet: this.subnet.id,
      accessLogBucket: this.accessLogBucket.name,
    });
  }
}
