/**
 * Firewall rules: nothing reachable from the whole internet, SSH only through Identity-Aware Proxy, every rule
 * aimed at the course VMs (CIS Google Cloud Platform Foundation Benchmark 3.6, 3.7; Checkov CKV_GCP_2, CKV_GCP_3).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { IAP_SSH_SOURCE_RANGES } from "../../infra/model/plan";
import { T, asArray, asString, at, resourcePolicy, type Props } from "./support";

const ANYWHERE = ["0.0.0.0/0", "::/0"];

/** Rules that let traffic in: ingress (the default direction) with at least one allow block. */
function isIngressAllow(props: Props): boolean {
  const direction = asString(props.direction) ?? "INGRESS";
  return direction === "INGRESS" && asArray(props.allows).length > 0;
}

function sourceRanges(props: Props): string[] {
  return asArray(props.sourceRanges).filter((r): r is string => typeof r === "string");
}

/** An ingress rule that names no source at all applies to every source. */
function hasNoSource(props: Props): boolean {
  return (
    sourceRanges(props).length === 0 &&
    asArray(props.sourceTags).length === 0 &&
    asArray(props.sourceServiceAccounts).length === 0
  );
}

function ipv4(address: string): number | undefined {
  const parts = address.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

/** True when the IPv4 CIDR `inner` lies within `outer`. */
export function cidrWithin(inner: string, outer: string): boolean {
  const [innerIp, innerBits = "32"] = inner.split("/");
  const [outerIp, outerBits = "32"] = outer.split("/");
  const a = ipv4(innerIp ?? "");
  const b = ipv4(outerIp ?? "");
  const innerLength = Number(innerBits);
  const outerLength = Number(outerBits);
  if (a === undefined || b === undefined || !(innerLength >= outerLength) || outerLength > 32) return false;
  const size = 2 ** (32 - outerLength);
  return Math.floor(a / size) === Math.floor(b / size);
}

/** True when an allow block opens TCP port `port` (no ports listed means every port). */
function opensTcpPort(allow: unknown, port: number): boolean {
  const protocol = String(at(allow, "protocol") ?? "").toLowerCase();
  if (!["tcp", "6", "all"].includes(protocol)) return false;
  const ports = asArray(at(allow, "ports")).map(String);
  if (ports.length === 0) return true;
  return ports.some((p) => {
    const [from, to = from] = p.split("-").map(Number);
    return from !== undefined && to !== undefined && port >= from && port <= to;
  });
}

export const firewallNoPublicIngress = resourcePolicy(
  {
    name: "firewall-no-public-ingress",
    description:
      "No firewall rule lets traffic in from anywhere (0.0.0.0/0, ::/0, or no source at all), on any port (CIS 3.6, 3.7; CKV_GCP_2, CKV_GCP_3).",
    remediationSteps: "Restrict sourceRanges to the addresses that need access (35.235.240.0/20 for SSH through IAP).",
    severity: "critical",
  },
  [T.firewall],
  (props, _args, report) => {
    if (!isIngressAllow(props)) return;
    const open = sourceRanges(props).filter((r) => ANYWHERE.includes(r));
    if (open.length > 0) report(`the rule allows ingress from ${open.join(", ")}`);
    if (hasNoSource(props)) report("the rule names no source, so it allows ingress from anywhere");
  },
);

export const firewallSshOnlyFromIap = resourcePolicy(
  {
    name: "firewall-ssh-only-from-iap",
    description: `SSH (TCP 22) is allowed only from Identity-Aware Proxy's TCP forwarding range ${IAP_SSH_SOURCE_RANGES.join(", ")}, never from other sources.`,
    remediationSteps: `Set sourceRanges to ${IAP_SSH_SOURCE_RANGES.join(", ")} and drop sourceTags and sourceServiceAccounts.`,
    severity: "critical",
  },
  [T.firewall],
  (props, _args, report) => {
    if (!isIngressAllow(props) || !asArray(props.allows).some((a) => opensTcpPort(a, 22))) return;
    const outside = sourceRanges(props).filter((r) => !IAP_SSH_SOURCE_RANGES.some((iap) => cidrWithin(r, iap)));
    if (outside.length > 0) report(`port 22 is open to ${outside.join(", ")}, outside the IAP range`);
    if (asArray(props.sourceTags).length > 0 || asArray(props.sourceServiceAccounts).length > 0) {
      report("port 22 is open to other VMs (sourceTags or sourceServiceAccounts)");
    }
    if (hasNoSource(props)) report("port 22 is open to every source");
  },
);

export const firewallTargetsCourseVms = resourcePolicy(
  {
    name: "firewall-targets-course-vms",
    description:
      "Every ingress allow rule names its targets (network tags or service accounts), so it reaches the course VMs and nothing else in the network.",
    remediationSteps: "Set targetTags to the course VM tag.",
    severity: "medium",
  },
  [T.firewall],
  (props, _args, report) => {
    if (!isIngressAllow(props)) return;
    if (asArray(props.targetTags).length === 0 && asArray(props.targetServiceAccounts).length === 0) {
      report("the rule applies to every VM of the network");
    }
  },
);

export const NETWORK_POLICIES: readonly ResourceValidationPolicy[] = [
  firewallNoPublicIngress,
  firewallSshOnlyFromIap,
  firewallTargetsCourseVms,
];
