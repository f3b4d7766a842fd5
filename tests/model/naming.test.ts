import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { courseLabels, isValidLabelValue, MANAGED_BY, studentLabels } from "../../infra/model/labels";
import {
  STUDENT_ID_PATTERN,
  courseIdProblems,
  courseNames,
  normalizeStudentId,
  studentNameProblems,
  studentNames,
} from "../../infra/model/naming";

// Google's rules (shared/facts/gcp-names.md), written out here independently of the code under test.
const RFC1035 = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const SERVICE_ACCOUNT_ID = /^[a-z]([-a-z0-9]{4,28})[a-z0-9]$/;
const REPOSITORY_ID = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const TRIGGER_NAME = /^[a-zA-Z0-9]([-a-zA-Z0-9]{0,62}[a-zA-Z0-9])?$/;
const SECRET_ID = /^[A-Za-z0-9_-]{1,255}$/;
const POOL_ID = /^[a-z0-9-]{4,32}$/;
const CUSTOM_ROLE_ID = /^[a-zA-Z0-9_.]{3,64}$/;
const LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;

const courseIds = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/).filter((id) => courseIdProblems(id).length === 0);
const studentIds = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,15}[a-z0-9])?$/);

void describe("studentNames", () => {
  void test("derives every name from the course id and the student id", () => {
    const names = studentNames("mlops-e27", "s270001");
    assert.deepEqual(
      {
        key: names.key,
        vm: names.vm,
        serviceAccountId: names.serviceAccountId,
        bucketPrefix: names.bucketPrefix,
        repository: names.repository,
        linkedRepository: names.linkedRepository,
        trigger: names.trigger,
        budget: names.budget,
        secret: names.secret("wandb-api-key"),
      },
      {
        key: "s270001",
        vm: "mlops-e27-s270001",
        serviceAccountId: "mlops-e27-s270001",
        bucketPrefix: "mlops-e27-s270001",
        repository: "mlops-e27-s270001",
        linkedRepository: "mlops-e27-s270001",
        trigger: "mlops-e27-s270001",
        budget: "mlops-e27 s270001",
        secret: "mlops-e27-s270001-wandb-api-key",
      },
    );
  });

  void test("whenever studentNameProblems finds nothing, every name keeps Google's rules", () => {
    fc.assert(
      fc.property(courseIds, studentIds, (courseId, id) => {
        fc.pre(studentNameProblems(courseId, id).length === 0);
        const names = studentNames(courseId, id);
        assert.match(names.vm, RFC1035);
        assert.match(names.serviceAccountId, SERVICE_ACCOUNT_ID);
        assert.match(names.repository, REPOSITORY_ID);
        assert.match(names.trigger, TRIGGER_NAME);
        assert.match(names.secret("wandb-api-key"), SECRET_ID);
        assert.ok(`${names.bucketPrefix}-0123abcd`.length <= 63);
        assert.doesNotMatch(names.bucketPrefix, /google|^goog/);
      }),
    );
  });

  void test("different students never share a name", () => {
    fc.assert(
      fc.property(courseIds, studentIds, studentIds, (courseId, a, b) => {
        fc.pre(a !== b);
        assert.notEqual(studentNames(courseId, a).vm, studentNames(courseId, b).vm);
        assert.notEqual(studentNames(courseId, a).serviceAccountId, studentNames(courseId, b).serviceAccountId);
      }),
    );
  });
});

void describe("studentNameProblems", () => {
  const cases: { courseId: string; id: string; problems: string[] }[] = [
    { courseId: "mlops", id: "s123456", problems: [] },
    { courseId: "mlops", id: "1", problems: [] },
    { courseId: "mlops", id: "a".repeat(24), problems: [] },
    {
      courseId: "mlops",
      id: "a".repeat(25),
      problems: [
        `"${"a".repeat(25)}" gives service account id "mlops-${"a".repeat(25)}" (31 characters); Google allows 6-30, so with course id "mlops" a student id may have 1-24 characters`,
      ],
    },
    {
      courseId: "ab",
      id: "s1",
      problems: [
        '"s1" gives service account id "ab-s1" (5 characters); Google allows 6-30, so with course id "ab" a student id may have 3-27 characters',
      ],
    },
    { courseId: "ab", id: "s12", problems: [] },
    {
      courseId: "mlops",
      id: "google-fan",
      problems: ['"google-fan" gives bucket name "mlops-google-fan-...", and bucket names may not contain "google"'],
    },
    {
      courseId: "mlops",
      id: "g00g1e",
      problems: ['"g00g1e" gives bucket name "mlops-g00g1e-...", and bucket names may not contain "google"'],
    },
    // "goog" is only forbidden at the start of a bucket name, and the course id comes first.
    { courseId: "mlops", id: "goog", problems: [] },
    {
      courseId: "mlops",
      id: "S1",
      problems: [
        `"S1" cannot become a cloud name: letters, digits and inner '-' only (it becomes part of every cloud name)`,
      ],
    },
    {
      courseId: "mlops",
      id: "s1-",
      problems: [
        `"s1-" cannot become a cloud name: letters, digits and inner '-' only (it becomes part of every cloud name)`,
      ],
    },
  ];
  for (const { courseId, id, problems } of cases) {
    void test(`${courseId} + ${id}`, () => {
      assert.deepEqual(studentNameProblems(courseId, id), problems);
    });
  }

  void test("the service account limit is exactly 6-30 characters", () => {
    for (let length = 1; length <= 30; length++) {
      const id = "s".repeat(length);
      const saLength = "mlops-".length + length;
      assert.equal(studentNameProblems("mlops", id).length === 0, saLength >= 6 && saLength <= 30, `${saLength}`);
    }
  });

  void test("roster ids are case-insensitive and trimmed", () => {
    assert.equal(normalizeStudentId("  S270001 "), "s270001");
    assert.match(normalizeStudentId("S270001"), STUDENT_ID_PATTERN);
  });
});

void describe("course id", () => {
  const cases: { courseId: string; problems: string[] }[] = [
    { courseId: "mlops", problems: [] },
    { courseId: "mlops-e27", problems: [] },
    { courseId: "ab", problems: [] },
    { courseId: "abcdefghijkl", problems: [] },
    ...["a", "abcdefghijklm", "Mlops", "1mlops", "mlops-", "ml_ops", "ml.ops"].map((courseId) => ({
      courseId,
      problems: [
        `"${courseId}" is not a valid course id: 2-12 characters: lowercase letters, digits and '-', starting with a letter, not ending with '-'`,
      ],
    })),
    {
      courseId: "gcp",
      problems: ['"gcp" would give workload identity pool "gcp-github"; the prefix "gcp-" is reserved by Google'],
    },
    {
      courseId: "gcp-mlops",
      problems: [
        '"gcp-mlops" would give workload identity pool "gcp-mlops-github"; the prefix "gcp-" is reserved by Google',
      ],
    },
    { courseId: "gcpx", problems: [] },
    { courseId: "goog", problems: ['"goog" would start bucket names with "goog", which Google forbids'] },
    { courseId: "googl-ml", problems: ['"googl-ml" would start bucket names with "goog", which Google forbids'] },
    { courseId: "ml-google", problems: ['"ml-google" would put "google" in bucket names, which Google forbids'] },
    { courseId: "ml-g00gle", problems: ['"ml-g00gle" would put "google" in bucket names, which Google forbids'] },
  ];
  for (const { courseId, problems } of cases) {
    void test(JSON.stringify(courseId), () => {
      assert.deepEqual(courseIdProblems(courseId), problems);
    });
  }

  void test("every valid course id gives course names within Google's rules", () => {
    fc.assert(
      fc.property(courseIds, (courseId) => {
        const names = courseNames(courseId);
        for (const name of [
          names.network,
          names.subnet,
          names.router,
          names.nat,
          names.iapSshFirewall,
          names.stopSchedule,
        ]) {
          assert.match(name, RFC1035);
        }
        assert.match(names.workloadIdentityPool, POOL_ID);
        assert.doesNotMatch(names.workloadIdentityPool, /^gcp-/);
        assert.match(names.workloadIdentityProvider, POOL_ID);
        for (const role of Object.values(names.roles)) assert.match(role, CUSTOM_ROLE_ID);
        assert.match(names.vmTag, RFC1035);
      }),
    );
  });

  void test("course names for mlops-e27", () => {
    assert.deepEqual(courseNames("mlops-e27"), {
      network: "mlops-e27-net",
      subnet: "mlops-e27-subnet",
      router: "mlops-e27-router",
      nat: "mlops-e27-nat",
      iapSshFirewall: "mlops-e27-allow-iap-ssh",
      vmTag: "mlops-e27-vm",
      stopSchedule: "mlops-e27-nightly-stop",
      accessLogBucketPrefix: "mlops-e27-access-logs",
      githubConnection: "mlops-e27-github",
      workloadIdentityPool: "mlops-e27-github",
      workloadIdentityProvider: "github-actions",
      roles: { studentVm: "mlops_e27_student_vm", student: "mlops_e27_student", vmScheduler: "mlops_e27_vm_scheduler" },
    });
  });
});

void describe("labels", () => {
  void test("course and student labels", () => {
    assert.deepEqual(courseLabels("mlops-e27", "course"), {
      course: "mlops-e27",
      stack: "course",
      "managed-by": "course-cloud",
    });
    assert.deepEqual(studentLabels("mlops-e27", "course", "s270001"), {
      course: "mlops-e27",
      stack: "course",
      "managed-by": MANAGED_BY,
      student: "s270001",
    });
  });

  void test("every valid course id and student id make valid labels", () => {
    fc.assert(
      fc.property(courseIds, studentIds, (courseId, id) => {
        fc.pre(studentNameProblems(courseId, id).length === 0);
        for (const [key, value] of Object.entries(studentLabels(courseId, "course", id))) {
          assert.match(key, LABEL_KEY);
          assert.match(value, LABEL_VALUE);
          assert.equal(isValidLabelValue(value), true);
        }
      }),
    );
  });

  void test("isValidLabelValue follows Google's rule", () => {
    const table: [string, boolean][] = [
      ["", true],
      ["course", true],
      ["dev_2026-e", true],
      ["a".repeat(63), true],
      ["a".repeat(64), false],
      ["Course", false],
      ["my.stack", false],
      ["stack name", false],
    ];
    for (const [value, valid] of table) assert.equal(isValidLabelValue(value), valid, value);
  });
});
