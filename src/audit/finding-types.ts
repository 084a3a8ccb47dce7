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
] as const
export type FindingType = (typeof FINDING_TYPES)[number]

export function isFindingType(value: string): value is FindingType {
  return (FINDING_TYPES as readonly string[]).includes(value)
}
