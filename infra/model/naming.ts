/**
 * Every cloud name the course uses, derived in one place from the course id and the student id, and checked
 * against Google's naming rules (see README "Names"). An id that cannot be mapped is rejected, never mangled.
 */

/** Course id: short, lowercase, so that `<course>-<student>` fits the 30-character service account limit. */
export const COURSE_ID_PATTERN = /^[a-z][a-z0-9-]{0,10}[a-z0-9]$/;
export const COURSE_ID_RULE =
  "2-12 characters: lowercase letters, digits and '-', starting with a letter, not ending with '-'";

/** Student ids become part of RFC 1035 names after the course prefix: lowercase letters, digits, inner '-'. */
export const STUDENT_ID_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
export const STUDENT_ID_RULE = "letters, digits and inner '-' only (it becomes part of every cloud name)";

const RFC1035 = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const SERVICE_ACCOUNT_ID = /^[a-z]([-a-z0-9]*[a-z0-9])$/;
/** `random.RandomId` with 4 bytes gives 8 hex characters. */
export const BUCKET_SUFFIX_BYTES = 4;
const BUCKET_SUFFIX_LENGTH = BUCKET_SUFFIX_BYTES * 2;

/** Roster ids are case-insensitive: `S123456` and `s123456` are the same student. */
export function normalizeStudentId(raw: string): string {
  return raw.trim().toLowerCase();
}

export interface StudentNames {
  /** The student key used in Pulumi logical names, labels and outputs. */
  readonly key: string;
  readonly vm: string;
  readonly serviceAccountId: string;
  /** The bucket name without its random suffix (`<prefix>-<8 hex>`). */
  readonly bucketPrefix: string;
  readonly repository: string;
  readonly linkedRepository: string;
  readonly trigger: string;
  readonly budget: string;
  secret(secretName: string): string;
}

export function studentNames(courseId: string, studentKey: string): StudentNames {
  const base = `${courseId}-${studentKey}`;
  return {
    key: studentKey,
    vm: base,
    serviceAccountId: base,
    bucketPrefix: base,
    repository: base,
    linkedRepository: base,
    trigger: base,
    budget: `${courseId} ${studentKey}`,
    secret: (secretName) => `${base}-${secretName}`,
  };
}

/** Problems with the names a student id would produce; empty when every name is valid. */
export function studentNameProblems(courseId: string, studentKey: string): string[] {
  if (!STUDENT_ID_PATTERN.test(studentKey)) {
    return [`"${studentKey}" cannot become a cloud name: ${STUDENT_ID_RULE}`];
  }
  const names = studentNames(courseId, studentKey);
  const problems: string[] = [];
  const saLength = names.serviceAccountId.length;
  if (saLength > 30 || saLength < 6 || !SERVICE_ACCOUNT_ID.test(names.serviceAccountId)) {
    problems.push(
      `"${studentKey}" gives service account id "${names.serviceAccountId}" (${saLength} characters); Google allows 6-30, so with course id "${courseId}" a student id may have ${Math.max(1, 6 - courseId.length - 1)}-${30 - courseId.length - 1} characters`,
    );
  }
  if (!RFC1035.test(names.vm)) {
    problems.push(`"${studentKey}" gives VM name "${names.vm}", which breaks RFC 1035 (1-63 characters)`);
  }
  const bucketLength = names.bucketPrefix.length + 1 + BUCKET_SUFFIX_LENGTH;
  if (bucketLength > 63) {
    problems.push(`"${studentKey}" gives a bucket name of ${bucketLength} characters; Google allows 63`);
  }
  // The course id part is checked once by courseIdProblems; '-' separates the parts, so only the id can add "google".
  if (/g[o0]{2}g[l1]e/.test(studentKey)) {
    problems.push(
      `"${studentKey}" gives bucket name "${names.bucketPrefix}-...", and bucket names may not contain "google"`,
    );
  }
  return problems;
}

export interface CourseNames {
  readonly network: string;
  readonly subnet: string;
  readonly router: string;
  readonly nat: string;
  readonly iapSshFirewall: string;
  readonly vmTag: string;
  readonly stopSchedule: string;
  readonly accessLogBucketPrefix: string;
  readonly githubConnection: string;
  readonly workloadIdentityPool: string;
  readonly workloadIdentityProvider: string;
  /** Custom role ids allow letters, digits, '_' and '.', so the course id's '-' becomes '_' (no collision: ids have no '_'). */
  readonly roles: { readonly studentVm: string; readonly student: string; readonly vmScheduler: string };
}

export function courseNames(courseId: string): CourseNames {
  const roleBase = courseId.replaceAll("-", "_");
  return {
    network: `${courseId}-net`,
    subnet: `${courseId}-subnet`,
    router: `${courseId}-router`,
    nat: `${courseId}-nat`,
    iapSshFirewall: `${courseId}-allow-iap-ssh`,
    vmTag: `${courseId}-vm`,
    stopSchedule: `${courseId}-nightly-stop`,
    accessLogBucketPrefix: `${courseId}-access-logs`,
    githubConnection: `${courseId}-github`,
    workloadIdentityPool: `${courseId}-github`,
    workloadIdentityProvider: "github-actions",
    roles: {
      studentVm: `${roleBase}_student_vm`,
      student: `${roleBase}_student`,
      vmScheduler: `${roleBase}_vm_scheduler`,
    },
  };
}

/** Problems with the course-level names a course id would produce. */
export function courseIdProblems(courseId: string): string[] {
  if (!COURSE_ID_PATTERN.test(courseId)) return [`"${courseId}" is not a valid course id: ${COURSE_ID_RULE}`];
  if (courseId === "gcp" || courseId.startsWith("gcp-")) {
    return [
      `"${courseId}" would give workload identity pool "${courseNames(courseId).workloadIdentityPool}"; the prefix "gcp-" is reserved by Google`,
    ];
  }
  if (/^goog/.test(courseId)) return [`"${courseId}" would start bucket names with "goog", which Google forbids`];
  if (/g[o0]{2}g[l1]e/.test(courseId))
    return [`"${courseId}" would put "google" in bucket names, which Google forbids`];
  return [];
}
