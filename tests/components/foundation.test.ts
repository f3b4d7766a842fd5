import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { runCourse, type CourseRun } from "../support/run-course";
import { T, byName, inputsOf } from "../support/resources";

const PROJECT = "mlops-course-e27";
const NETWORK_ID = `projects/${PROJECT}/global/networks/mlops-e27-net`;
/** The APIs issue #2 names; the course enables them once. */
const REQUIRED_APIS = [
  "aiplatform.googleapis.com",
  "artifactregistry.googleapis.com",
  "cloudbuild.googleapis.com",
  "compute.googleapis.com",
  "iam.googleapis.com",
  "iap.googleapis.com",
  "secretmanager.googleapis.com",
  "storage.googleapis.com",
];

function enabledApis(run: CourseRun): string[] {
  return [...byName(run, T.service).values()].map((s) => s.inputs.service as string).sort();
}

void describe("course foundation on the course stack", () => {
  let run: CourseRun;
  before(async () => {
    run = await runCourse({ stack: "course" });
  });

  void test("its own VPC network, no automatic subnets", () => {
    assert.deepEqual(inputsOf(run, T.network, "course-network"), {
      name: "mlops-e27-net",
      autoCreateSubnetworks: false,
      description: "Network of course mlops-e27: student VMs have no external IP",
    });
    assert.equal(byName(run, T.network).size, 1);
  });

  void test("one subnet in the course region with Private Google Access and flow logs", () => {
    assert.deepEqual(inputsOf(run, T.subnet, "course-subnet"), {
      name: "mlops-e27-subnet",
      network: NETWORK_ID,
      region: "europe-west1",
      ipCidrRange: "10.42.0.0/20",
      privateIpGoogleAccess: true,
      logConfig: { aggregationInterval: "INTERVAL_10_MIN", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" },
    });
  });

  void test("Cloud Router and NAT give VMs without external IPs their egress", () => {
    assert.deepEqual(inputsOf(run, T.router, "course-router"), {
      name: "mlops-e27-router",
      network: NETWORK_ID,
      region: "europe-west1",
    });
    assert.deepEqual(inputsOf(run, T.nat, "course-nat"), {
      name: "mlops-e27-nat",
      router: "mlops-e27-router",
      region: "europe-west1",
      natIpAllocateOption: "AUTO_ONLY",
      sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
      logConfig: { enable: true, filter: "ERRORS_ONLY" },
    });
  });

  void test("the only firewall rule lets SSH in from IAP's range to the course VMs' tag", () => {
    const firewalls = byName(run, T.firewall);
    assert.deepEqual([...firewalls.keys()], ["course-iap-ssh"]);
    const rule = firewalls.get("course-iap-ssh")!.inputs;
    assert.equal(rule.direction, "INGRESS");
    assert.deepEqual(rule.sourceRanges, ["35.235.240.0/20"]);
    assert.deepEqual(rule.allows, [{ protocol: "tcp", ports: ["22"] }]);
    assert.deepEqual(rule.targetTags, ["mlops-e27-vm"]);
    assert.equal(rule.network, NETWORK_ID);
    assert.equal(rule.denies, undefined);
    assert.equal(rule.sourceTags, undefined);
    // Every VM carries the tag the rule targets.
    for (const vm of byName(run, T.instance).values()) assert.deepEqual(vm.inputs.tags, ["mlops-e27-vm"], vm.name);
  });

  void test("OS Login is on for the whole project", () => {
    assert.deepEqual(inputsOf(run, T.projectMetadata, "course-oslogin"), {
      project: PROJECT,
      key: "enable-oslogin",
      value: "TRUE",
    });
  });

  void test("the APIs are enabled once each and stay enabled on destroy", () => {
    const apis = enabledApis(run);
    for (const api of [...REQUIRED_APIS, "billingbudgets.googleapis.com", "monitoring.googleapis.com"]) {
      assert.ok(apis.includes(api), `${api} is not enabled`);
    }
    assert.equal(new Set(apis).size, apis.length);
    for (const service of byName(run, T.service).values()) {
      assert.deepEqual(service.inputs, {
        project: PROJECT,
        service: service.inputs.service,
        disableOnDestroy: false,
        disableDependentServices: false,
      });
    }
  });

  void test("no workload identity pool while githubActions is off", () => {
    assert.equal(byName(run, T.pool).size, 0);
    assert.equal(byName(run, T.provider).size, 0);
    assert.ok(!enabledApis(run).includes("sts.googleapis.com"));
  });
});

void describe("course foundation from config", () => {
  void test("dev without a billing account enables no budget APIs; subnetCidr comes from config", async () => {
    const run = await runCourse({ stack: "dev", config: { subnetCidr: "10.8.0.0/24" } });
    const apis = enabledApis(run);
    for (const api of REQUIRED_APIS) assert.ok(apis.includes(api), `${api} is not enabled`);
    assert.ok(!apis.includes("billingbudgets.googleapis.com"));
    assert.equal(inputsOf(run, T.subnet, "course-subnet").ipCidrRange, "10.8.0.0/24");
  });

  void test("githubActions: one pool, a provider pinned to the students' repositories, the token APIs", async () => {
    const run = await runCourse({ stack: "dev", config: { githubActions: true } });
    assert.deepEqual(inputsOf(run, T.pool, "course-github-pool"), {
      workloadIdentityPoolId: "mlops-dev-github",
      displayName: "mlops-dev GitHub Actions",
      description: "Students' GitHub Actions; each repository may impersonate only its student's service account",
    });
    assert.deepEqual(inputsOf(run, T.provider, "course-github-provider"), {
      workloadIdentityPoolId: "mlops-dev-github",
      workloadIdentityPoolProviderId: "github-actions",
      displayName: "GitHub Actions",
      attributeMapping: {
        "google.subject": "assertion.sub",
        "attribute.repository": "assertion.repository",
        "attribute.repository_owner": "assertion.repository_owner",
      },
      attributeCondition: "assertion.repository in ['mlops-dev-class/ada-mlops', 'mlops-dev-class/bo-mlops']",
      oidc: { issuerUri: "https://token.actions.githubusercontent.com" },
    });
    const apis = enabledApis(run);
    assert.ok(apis.includes("sts.googleapis.com") && apis.includes("iamcredentials.googleapis.com"));
  });
});
