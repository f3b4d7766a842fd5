import assert from "node:assert/strict";
import { test } from "node:test";
import { secretsNoPayloadInProgram } from "../../policy/policies/secrets";
import { T } from "../../policy/policies/support";
import { validateResource } from "./fake-engine";

const version = (props: Record<string, unknown>) => ({
  type: T.secretVersion,
  props: { secret: "projects/p/secrets/mlops-e27-s270001-wandb-api-key", ...props },
});

test("secrets-no-payload-in-program rejects secret versions that carry their value", async () => {
  assert.deepEqual((await validateResource(secretsNoPayloadInProgram, version({ secretData: "hunter2" }))).violations, [
    "the secret version sets secretData",
  ]);
  assert.deepEqual(
    (await validateResource(secretsNoPayloadInProgram, version({ secretDataWo: "hunter2", secretDataWoVersion: 1 })))
      .violations,
    ["the secret version sets secretDataWo"],
  );
});

test("secrets-no-payload-in-program leaves empty secrets alone", async () => {
  const secret = { type: T.secret, props: { secretId: "mlops-e27-s270001-wandb-api-key", replication: { auto: {} } } };
  const outcome = await validateResource(secretsNoPayloadInProgram, secret);
  assert.deepEqual(outcome.violations, []);
  assert.ok(outcome.notApplicable);
});
