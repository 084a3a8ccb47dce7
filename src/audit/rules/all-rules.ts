import { accessKeyNeverUsed } from './access-key-never-used.js'
import { adminAccess } from './admin-access.js'
import { emptyGroup } from './empty-group.js'
import { invalidConditionKey } from './invalid-condition-key.js'
import { rootAccessKey } from './root-access-key.js'
import { rootWithoutMfa } from './root-without-mfa.js'
import type { Rule } from './rule.js'
import { staleAccessKey } from './stale-access-key.js'
import { trustAnyPrincipal } from './trust-any-principal.js'
import { trustWithoutMfa } from './trust-without-mfa.js'
import { unusedAccessKey } from './unused-access-key.js'
import { unusedPolicy } from './unused-policy.js'
import { unusedRole } from './unused-role.js'
import { unusedServicePermissions } from './unused-service-permissions.js'
import { unusedUser } from './unused-user.js'
import { userWithoutMfa } from './user-without-mfa.js'

/** Every audit rule, one per finding type of SPEC §7, in the order of that list. */
export const ALL_RULES: readonly Rule[] = [
  unusedRole,
  unusedUser,
  unusedAccessKey,
  accessKeyNeverUsed,
  staleAccessKey,
  userWithoutMfa,
  rootAccessKey,
  rootWithoutMfa,
  adminAccess,
  unusedServicePermissions,
  trustWithoutMfa,
  trustAnyPrincipal,
  invalidConditionKey,
  unusedPolicy,
  emptyGroup,
]
