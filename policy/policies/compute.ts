/**
 * Compute Engine VM hardening: CIS Google Cloud Platform Foundation Benchmark section 4 and Checkov's checks for
 * `google_compute_instance`, as the course applies them.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { machineShape } from "../../infra/model/catalog/machines";
import { T, asArray, asRecord, asString, at, lastSegment, metadataTrue, resourcePolicy, type Props } from "./support";

const DEFAULT_COMPUTE_ACCOUNT = /^\d+-compute@developer\.gserviceaccount\.com$/;

/** True when the VM carries a GPU: attached accelerators, or a machine type with a GPU built in (G2, A2, A3). */
export function hasGpu(props: Props): boolean {
  const attached = asArray(props.guestAccelerators).some((a) => Number(at(a, "count") ?? 0) > 0);
  const machineType = asString(props.machineType);
  return attached || (machineType !== undefined && machineShape(lastSegment(machineType))?.builtInGpu !== undefined);
}

function metadataValue(props: Props, key: string): unknown {
  return asRecord(props.metadata)?.[key];
}

export const vmOwnServiceAccount = resourcePolicy(
  {
    name: "vm-own-service-account",
    description:
      "VMs run as their own service account, never the Compute Engine default one, which has Editor on the project (CIS 4.1, 4.2; CKV_GCP_30, CKV_GCP_31).",
    remediationSteps: "Set serviceAccount.email to the student's service account.",
  },
  [T.instance],
  (props, _args, report) => {
    const email = asString(at(props, "serviceAccount", "email"));
    if (email === undefined || email === "") {
      report("the VM names no service account; it must run as the student's own account");
    } else if (email === "default" || DEFAULT_COMPUTE_ACCOUNT.test(email)) {
      report(`the VM runs as the default compute service account (${email})`);
    }
  },
);

export const vmOsLogin = resourcePolicy(
  {
    name: "vm-os-login",
    description:
      "OS Login is on for every VM and never turned off for the project: access follows IAM, not SSH keys in metadata (CIS 4.4; CKV_GCP_34).",
    remediationSteps: "Set metadata enable-oslogin to TRUE.",
  },
  [T.instance, T.projectMetadataItem, T.projectMetadata],
  (props, args, report) => {
    if (args.type === T.instance) {
      if (!metadataTrue(metadataValue(props, "enable-oslogin"))) report("metadata enable-oslogin is not TRUE");
    } else if (args.type === T.projectMetadataItem) {
      if (props.key === "enable-oslogin" && !metadataTrue(props.value)) {
        report("project metadata turns OS Login off");
      }
    } else {
      const value = metadataValue(props, "enable-oslogin");
      if (value !== undefined && !metadataTrue(value)) report("project metadata turns OS Login off");
    }
  },
);

export const vmBlockProjectSshKeys = resourcePolicy(
  {
    name: "vm-block-project-ssh-keys",
    description:
      "VMs block project-wide SSH keys, so a key added to the project opens no student VM (CIS 4.3; CKV_GCP_32).",
    remediationSteps: "Set metadata block-project-ssh-keys to TRUE.",
  },
  [T.instance],
  (props, _args, report) => {
    if (!metadataTrue(metadataValue(props, "block-project-ssh-keys"))) {
      report("metadata block-project-ssh-keys is not TRUE");
    }
  },
);

export const vmNoSerialPort = resourcePolicy(
  {
    name: "vm-no-serial-port",
    description:
      "Interactive serial port access is off for VMs and the project: it bypasses IAP and the firewall (CIS 4.5; CKV_GCP_35).",
    remediationSteps: "Remove serial-port-enable or set it to FALSE.",
  },
  [T.instance, T.projectMetadataItem, T.projectMetadata],
  (props, args, report) => {
    const value =
      args.type === T.projectMetadataItem
        ? props.key === "serial-port-enable"
          ? props.value
          : undefined
        : metadataValue(props, "serial-port-enable");
    if (metadataTrue(value)) report("serial-port-enable is on");
  },
);

export const vmNoIpForwarding = resourcePolicy(
  {
    name: "vm-no-ip-forwarding",
    description: "VMs do not forward IP packets: a student VM is no router (CIS 4.6; CKV_GCP_36).",
    remediationSteps: "Set canIpForward to false.",
  },
  [T.instance],
  (props, _args, report) => {
    if (props.canIpForward === true) report("canIpForward is true");
  },
);

export const vmNoExternalIp = resourcePolicy(
  {
    name: "vm-no-external-ip",
    description: "VMs have no external IP: egress goes through Cloud NAT, SSH through IAP (CIS 4.9; CKV_GCP_40).",
    remediationSteps: "Remove accessConfigs and ipv6AccessConfigs from every network interface.",
  },
  [T.instance],
  (props, _args, report) => {
    asArray(props.networkInterfaces).forEach((nic, i) => {
      if (asArray(at(nic, "accessConfigs")).length > 0) report(`network interface ${i} has an external IPv4 address`);
      if (asArray(at(nic, "ipv6AccessConfigs")).length > 0) {
        report(`network interface ${i} has an external IPv6 address`);
      }
    });
  },
);

export const vmShielded = resourcePolicy(
  {
    name: "vm-shielded",
    description:
      "VMs are Shielded VMs with vTPM and integrity monitoring on; Secure Boot is on too, except on GPU VMs, whose NVIDIA driver module is unsigned (CIS 4.8; CKV_GCP_39).",
    remediationSteps:
      "Set shieldedInstanceConfig.enableVtpm and enableIntegrityMonitoring to true (and enableSecureBoot on VMs without a GPU).",
  },
  [T.instance],
  (props, _args, report) => {
    const config = asRecord(props.shieldedInstanceConfig);
    if (config?.enableVtpm !== true) report("vTPM is not enabled");
    if (config?.enableIntegrityMonitoring !== true) report("integrity monitoring is not enabled");
    if (config?.enableSecureBoot !== true && !hasGpu(props)) report("Secure Boot is off on a VM without a GPU");
  },
);

export const vmGpuTerminatesOnMaintenance = resourcePolicy(
  {
    name: "vm-gpu-terminate-on-maintenance",
    description: "GPU VMs cannot live-migrate, so they stop for host maintenance (onHostMaintenance TERMINATE).",
    remediationSteps: "Set scheduling.onHostMaintenance to TERMINATE.",
    severity: "medium",
  },
  [T.instance],
  (props, _args, report) => {
    if (hasGpu(props) && at(props, "scheduling", "onHostMaintenance") !== "TERMINATE") {
      report("a GPU VM must set scheduling.onHostMaintenance to TERMINATE");
    }
  },
);

const DEFAULT_NETWORK = /(^|\/)networks\/default$|^default$/;
const DEFAULT_SUBNETWORK = /(^|\/)subnetworks\/default$|^default$/;

export const notDefaultNetwork = resourcePolicy(
  {
    name: "vm-not-default-network",
    description:
      "Nothing uses the default network, whose firewall rules open SSH and RDP to the internet; the course has its own (CIS 3.1).",
    remediationSteps: "Attach the VM to the course subnet; do not declare a network named default.",
  },
  [T.instance, T.network],
  (props, args, report) => {
    if (args.type === T.network) {
      if (props.name === "default") report("a network named default");
      return;
    }
    asArray(props.networkInterfaces).forEach((nic, i) => {
      const network = asString(at(nic, "network"));
      const subnetwork = asString(at(nic, "subnetwork"));
      if (network === undefined && subnetwork === undefined) {
        report(`network interface ${i} names neither network nor subnetwork, so it joins the default network`);
      } else if ((network && DEFAULT_NETWORK.test(network)) || (subnetwork && DEFAULT_SUBNETWORK.test(subnetwork))) {
        report(`network interface ${i} is on the default network`);
      }
    });
  },
);

export const COMPUTE_POLICIES: readonly ResourceValidationPolicy[] = [
  vmOwnServiceAccount,
  vmOsLogin,
  vmBlockProjectSshKeys,
  vmNoSerialPort,
  vmNoIpForwarding,
  vmNoExternalIp,
  vmShielded,
  vmGpuTerminatesOnMaintenance,
  notDefaultNetwork,
];
