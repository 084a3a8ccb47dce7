/** The finding types of SPEC §7: the audit's vocabulary, shared by rules, ignore files and renderers. */
export const FINDING_TYPES = [
  'UNUSED_ROLE',
  'UNUSED_USER',
  'UNUSED_ACCESS_KEY',
  'ACCESS_KEY_NEVER_USED',
  'STALE_ACCESS_KEY',
  'USER_WITHOUT_MFA',
  'ROOT_ACCESS_KEY',
  'ROOT_WITHOUT_MFA',
  'ADMIN_ACCESS',
  'UNUSED_SERVICE_PERMISSIONS',
  'TRUST_WITHOUT_MFA',
  'TRUST_ANY_PRINCIPAL',
  'INVALID_CONDITION_KEY',
  'UNUSED_POLICY',
  'EMPTY_GROUP',
  'UNUSED_CONSOLE_PASSWORD',
  'MULTIPLE_ACTIVE_KEYS',
  'ROOT_WITHOUT_HARDWARE_MFA',
  'ROOT_RECENTLY_USED',
  'TRUST_EXTERNAL_ACCOUNT',
  'PASSWORD_POLICY_WEAK',
  'USER_DIRECT_POLICY',
  'NO_SUPPORT_ROLE',
  'EXPIRED_SERVER_CERTIFICATE',
  'ACCESS_ANALYZER_DISABLED',
  'CLOUDSHELL_FULL_ACCESS',
] as const
export type FindingType = (typeof FINDING_TYPES)[number]

export function isFindingType(value: string): value is FindingType {
  return (FINDING_TYPES as readonly string[]).includes(value)
}
