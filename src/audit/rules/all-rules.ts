import { accessAnalyzerDisabled } from './access-analyzer-disabled.js'
import { accessKeyNeverUsed } from './access-key-never-used.js'
import { cloudshellFullAccess } from './cloudshell-full-access.js'
import { expiredServerCertificate } from './expired-server-certificate.js'
import { multipleActiveKeys } from './multiple-active-keys.js'
import { noSupportRole } from './no-support-role.js'
import { passwordPolicyWeak } from './password-policy-weak.js'
import { rootRecentlyUsed } from './root-recently-used.js'
import { rootWithoutHardwareMfa } from './root-without-hardware-mfa.js'
import { trustExternalAccount } from './trust-external-account.js'
import { unusedConsolePassword } from './unused-console-password.js'
import { userDirectPolicy } from './user-direct-policy.js'
import { adminAccess } from './admin-access.js'
import { credentialsExposure } from './credentials-exposure.js'
import { emptyGroup } from './empty-group.js'
import { escalationPath } from './escalation-path.js'
import { invalidAction } from './invalid-action.js'
import { invalidConditionKey } from './invalid-condition-key.js'
import { invalidConditionOperator } from './invalid-condition-operator.js'
import { privilegeEscalation } from './privilege-escalation.js'
import { resourceExposure } from './resource-exposure.js'
import { rootAccessKey } from './root-access-key.js'
import { rootWithoutMfa } from './root-without-mfa.js'
import type { Rule } from './rule.js'
import { serviceWildcard } from './service-wildcard.js'
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
  privilegeEscalation,
  escalationPath,
  credentialsExposure,
  resourceExposure,
  serviceWildcard,
  unusedServicePermissions,
  trustWithoutMfa,
  trustAnyPrincipal,
  invalidAction,
  invalidConditionKey,
  invalidConditionOperator,
  unusedPolicy,
  emptyGroup,
  unusedConsolePassword,
  multipleActiveKeys,
  rootWithoutHardwareMfa,
  rootRecentlyUsed,
  trustExternalAccount,
  passwordPolicyWeak,
  userDirectPolicy,
  noSupportRole,
  expiredServerCertificate,
  accessAnalyzerDisabled,
  cloudshellFullAccess,
]
