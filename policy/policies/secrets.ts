/** Secret values never pass through the program: secrets are created empty and the student adds the value. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { T, resourcePolicy } from "./support";

export const secretsNoPayloadInProgram = resourcePolicy(
  {
    name: "secrets-no-payload-in-program",
    description:
      "No Secret Manager secret version carries its value in the program: the value would sit in code or config, and in state. Students add values themselves (gcloud secrets versions add).",
    remediationSteps: "Remove the SecretVersion; create the Secret empty and let its owner add the value.",
    severity: "critical",
  },
  [T.secretVersion],
  (props, _args, report) => {
    for (const field of ["secretData", "secretDataWo"]) {
      if (props[field] !== undefined && props[field] !== null) report(`the secret version sets ${field}`);
    }
  },
);

export const SECRET_POLICIES: readonly ResourceValidationPolicy[] = [secretsNoPayloadInProgram];
