import assert from "node:assert/strict";
import { test } from "node:test";
import {
  cidrWithin,
  firewallNoPublicIngress,
  firewallSshOnlyFromIap,
  firewallTargetsCourseVms,
} from "../../policy/policies/network";
import { T } from "../../policy/policies/support";
import { validateResource } from "./fake-engine";
import { iapSshRule } from "./fixtures";

const rule = (change: Record<string, unknown>) => ({ type: T.firewall, props: { ...iapSshRule(), ...change } });
const violations = async (policy: Parameters<typeof validateResource>[0], change: Record<string, unknown>) =>
  (await validateResource(policy, rule(change))).violations;

test("the course's IAP SSH rule passes every firewall policy", async () => {
  for (const policy of [firewallNoPublicIngress, firewallSshOnlyFromIap, firewallTargetsCourseVms]) {
    assert.deepEqual(await violations(policy, {}), [], policy.name);
  }
});

test("firewall-no-public-ingress rejects 0.0.0.0/0 and ::/0 on any port, and rules without a source", async () => {
  const https = { allows: [{ protocol: "tcp", ports: ["443"] }] };
  assert.deepEqual(await violations(firewallNoPublicIngress, { ...https, sourceRanges: ["0.0.0.0/0"] }), [
    "the rule allows ingress from 0.0.0.0/0",
  ]);
  assert.deepEqual(await violations(firewallNoPublicIngress, { ...https, sourceRanges: ["10.0.0.0/8", "::/0"] }), [
    "the rule allows ingress from ::/0",
  ]);
  assert.deepEqual(await violations(firewallNoPublicIngress, { ...https, sourceRanges: [] }), [
    "the rule names no source, so it allows ingress from anywhere",
  ]);
  // Deny rules and egress rules from anywhere let nothing in.
  const deny = { allows: [], denies: [{ protocol: "all" }], sourceRanges: ["0.0.0.0/0"] };
  assert.deepEqual(await violations(firewallNoPublicIngress, deny), []);
  const egress = { direction: "EGRESS", sourceRanges: undefined, destinationRanges: ["0.0.0.0/0"] };
  assert.deepEqual(await violations(firewallNoPublicIngress, egress), []);
  // Without a direction the rule is an ingress rule.
  assert.equal(
    (await violations(firewallNoPublicIngress, { direction: undefined, sourceRanges: ["0.0.0.0/0"] })).length,
    1,
  );
});

test("firewall-ssh-only-from-iap allows port 22 from the IAP range only", async () => {
  assert.deepEqual(await violations(firewallSshOnlyFromIap, { sourceRanges: ["35.235.240.0/20", "203.0.113.0/24"] }), [
    "port 22 is open to 203.0.113.0/24, outside the IAP range",
  ]);
  // A narrower part of the IAP range is still IAP; a wider range that contains it is not.
  assert.deepEqual(await violations(firewallSshOnlyFromIap, { sourceRanges: ["35.235.241.0/24"] }), []);
  assert.equal((await violations(firewallSshOnlyFromIap, { sourceRanges: ["35.235.0.0/16"] })).length, 1);
  assert.deepEqual(await violations(firewallSshOnlyFromIap, { sourceTags: ["bastion"] }), [
    "port 22 is open to other VMs (sourceTags or sourceServiceAccounts)",
  ]);
  for (const allows of [
    [{ protocol: "tcp", ports: ["20-30"] }],
    [{ protocol: "tcp" }],
    [{ protocol: "all" }],
    [
      { protocol: "udp", ports: ["53"] },
      { protocol: "tcp", ports: ["22"] },
    ],
  ]) {
    assert.equal((await violations(firewallSshOnlyFromIap, { allows, sourceRanges: ["10.0.0.0/8"] })).length, 1);
  }
  // Rules that do not open TCP 22 are someone else's business.
  for (const allows of [[{ protocol: "tcp", ports: ["443", "8000-8080"] }], [{ protocol: "udp" }]]) {
    assert.deepEqual(await violations(firewallSshOnlyFromIap, { allows, sourceRanges: ["10.0.0.0/8"] }), []);
  }
});

test("firewall-targets-course-vms rejects ingress rules without targets", async () => {
  assert.deepEqual(await violations(firewallTargetsCourseVms, { targetTags: [] }), [
    "the rule applies to every VM of the network",
  ]);
  assert.deepEqual(
    await violations(firewallTargetsCourseVms, {
      targetTags: undefined,
      targetServiceAccounts: ["sa@p.iam.gserviceaccount.com"],
    }),
    [],
  );
});

test("cidrWithin compares IPv4 ranges", () => {
  assert.equal(cidrWithin("35.235.240.0/20", "35.235.240.0/20"), true);
  assert.equal(cidrWithin("35.235.255.7/32", "35.235.240.0/20"), true);
  assert.equal(cidrWithin("35.235.239.255", "35.235.240.0/20"), false);
  assert.equal(cidrWithin("35.235.0.0/16", "35.235.240.0/20"), false);
  assert.equal(cidrWithin("::/0", "35.235.240.0/20"), false);
});
