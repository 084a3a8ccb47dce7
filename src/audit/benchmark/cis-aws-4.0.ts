import type { FindingType } from '../finding-types.js'

/** How one control is judged: by the findings of some rules, or by a person. */
export type ControlCheck =
  | {
      kind: 'findings'
      types: readonly FindingType[]
      /** Only findings on these resource names count (e.g. one setting of the password policy). */
      resourceNames?: readonly string[]
      /** The audit setting must be at most this for a clean result to prove the control. */
      requires?: { setting: 'unusedDays' | 'maxKeyAgeDays'; atMost: number; flag: string }
    }
  | { kind: 'manual'; check: string }

export interface ControlDefinition {
  id: string
  title: string
  check: ControlCheck
}

export interface BenchmarkDefinition {
  id: string
  title: string
  controls: readonly ControlDefinition[]
}

const findings = (types: readonly FindingType[], extra: Partial<Extract<ControlCheck, { kind: 'findings' }>> = {}): ControlCheck => ({ kind: 'findings', types, ...extra })
const manual = (check: string): ControlCheck => ({ kind: 'manual', check })

/**
 * CIS Amazon Web Services Foundations Benchmark v4.0.0, section 1 (Identity and Access
 * Management), controls 1.1–1.22, and which iamkit rules decide each. The one place the
 * mapping lives: the report, the table, CSV and SARIF all read it from here.
 */
export const CIS_AWS_4_0: BenchmarkDefinition = {
  id: 'cis-4.0',
  title: 'CIS AWS Foundations Benchmark v4.0.0, section 1: Identity and Access Management',
  controls: [
    { id: '1.1', title: 'Maintain current contact details', check: manual('In the console (Account, Contact information), check that the email and phone reach more than one person who is still responsible for the account.') },
    { id: '1.2', title: 'Ensure security contact information is registered', check: manual('In the console (Account, Alternate contacts), check that a Security contact is set to a team address (or read it with aws account get-alternate-contact --alternate-contact-type SECURITY).') },
    { id: '1.3', title: 'Ensure security questions are registered in the AWS account', check: manual('Sign in as root and check under Account, Configure security challenge questions, that questions are set and their answers stored safely (console only).') },
    { id: '1.4', title: "Ensure no 'root' user account access key exists", check: findings(['ROOT_ACCESS_KEY']) },
    { id: '1.5', title: "Ensure MFA is enabled for the 'root' user account", check: findings(['ROOT_WITHOUT_MFA']) },
    { id: '1.6', title: "Ensure hardware MFA is enabled for the 'root' user account", check: findings(['ROOT_WITHOUT_MFA', 'ROOT_WITHOUT_HARDWARE_MFA']) },
    { id: '1.7', title: "Eliminate use of the 'root' user for administrative and daily tasks", check: findings(['ROOT_RECENTLY_USED']) },
    { id: '1.8', title: 'Ensure IAM password policy requires minimum length of 14 or greater', check: findings(['PASSWORD_POLICY_WEAK'], { resourceNames: ['PasswordPolicy', 'MinimumPasswordLength'] }) },
    { id: '1.9', title: 'Ensure IAM password policy prevents password reuse', check: findings(['PASSWORD_POLICY_WEAK'], { resourceNames: ['PasswordPolicy', 'PasswordReusePrevention'] }) },
    { id: '1.10', title: 'Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password', check: findings(['USER_WITHOUT_MFA']) },
    { id: '1.11', title: 'Do not create access keys during initial setup for IAM users with a console password', check: manual('For users with a console password, check in the credential report that no access key was created together with the user (access_key_1_last_rotated equal to user_creation_time) without being needed; ACCESS_KEY_NEVER_USED findings point at candidates.') },
    { id: '1.12', title: 'Ensure credentials unused for 45 days or more are disabled', check: findings(['UNUSED_CONSOLE_PASSWORD', 'UNUSED_ACCESS_KEY', 'ACCESS_KEY_NEVER_USED'], { requires: { setting: 'unusedDays', atMost: 45, flag: '--unused-days' } }) },
    { id: '1.13', title: 'Ensure there is only one active access key for any single IAM user', check: findings(['MULTIPLE_ACTIVE_KEYS']) },
    { id: '1.14', title: 'Ensure access keys are rotated every 90 days or less', check: findings(['STALE_ACCESS_KEY'], { requires: { setting: 'maxKeyAgeDays', atMost: 90, flag: '--max-key-age' } }) },
    { id: '1.15', title: 'Ensure IAM users receive permissions only through groups', check: findings(['USER_DIRECT_POLICY']) },
    { id: '1.16', title: 'Ensure IAM policies that allow full "*:*" administrative privileges are not attached', check: findings(['ADMIN_ACCESS']) },
    { id: '1.17', title: 'Ensure a support role has been created to manage incidents with AWS Support', check: findings(['NO_SUPPORT_ROLE']) },
    { id: '1.18', title: 'Ensure IAM instance roles are used for AWS resource access from instances', check: manual('For each EC2 instance, check that it has an instance profile (aws ec2 describe-instances: IamInstanceProfile) and that no long-term access keys are stored on it; iamkit does not read EC2.') },
    { id: '1.19', title: 'Ensure that all the expired SSL/TLS certificates stored in AWS IAM are removed', check: findings(['EXPIRED_SERVER_CERTIFICATE']) },
    { id: '1.20', title: 'Ensure that IAM Access analyzer is enabled for all regions', check: findings(['ACCESS_ANALYZER_DISABLED']) },
    { id: '1.21', title: 'Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments', check: manual('Check that people sign in through IAM Identity Center or another identity provider (federation) rather than as IAM users in each account; the UNUSED_USER and USER_WITHOUT_MFA findings list the IAM users that remain.') },
    { id: '1.22', title: 'Ensure access to AWSCloudShellFullAccess is restricted', check: findings(['CLOUDSHELL_FULL_ACCESS']) },
  ],
}

export const BENCHMARKS: Readonly<Record<string, BenchmarkDefinition>> = { [CIS_AWS_4_0.id]: CIS_AWS_4_0 }
export const BENCHMARK_IDS = Object.keys(BENCHMARKS)
