import { UsageError } from '../errors.js'
import { MFA_AGE_KEY, MFA_PRESENT_KEY } from './document/mfa-keys.js'
import { type Condition, POLICY_VERSION, type PolicyDocument } from './document/model.js'
import { assertExternalId } from '../aws/assume-role-input.js'

export interface TrustPolicyOptions {
  principals: string[]
  mfa: boolean
  /** Seconds since the MFA sign-in; implies `mfa`. */
  mfaMaxAgeSeconds?: number
  externalId?: string
}

const PARTITION = 'aws(?:-cn|-us-gov|-iso|-iso-b)?'
const NAME = '[\\w+=,.@-]{1,64}'
const PATH = '(?:[\\w+=,.@-]+\\/)*'
const ACCOUNT_ID = /^\d{12}$/
const ACCOUNT_ROOT = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:root$`)
const USER_OR_ROLE = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:(?:user|role)\\/${PATH}${NAME}$`)
// An AWS service principal: lambda.amazonaws.com, ecs-tasks.amazonaws.com, ec2.amazonaws.com.cn.
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(?:\.cn)?$/

/** The trust policy of a role that the listed accounts, users or roles may assume. */
export function trustPolicy(options: TrustPolicyOptions): PolicyDocument {
  if (options.principals.length === 0) throw new UsageError('USAGE', 'give at least one --principal')
  // A service (lambda.amazonaws.com) goes under "Service", everything else under "AWS".
  const services = [...new Set(options.principals.filter((p) => SERVICE_PRINCIPAL.test(p)))]
  const principals = [...new Set(options.principals.filter((p) => !SERVICE_PRINCIPAL.test(p)).map(normalisePrincipal))]
  const conditions: Condition[] = []
  if (options.mfa || options.mfaMaxAgeSeconds !== undefined) {
    conditions.push({ operator: 'Bool', key: MFA_PRESENT_KEY, values: ['true'] })
  }
  if (options.mfaMaxAgeSeconds !== undefined) {
    if (!Number.isInteger(options.mfaMaxAgeSeconds) || options.mfaMaxAgeSeconds < 1 || options.mfaMaxAgeSeconds > 129_600) {
      throw new UsageError('USAGE', `--mfa-max-age must be whole seconds from 1 to 129600 (36 hours, the longest session), got ${options.mfaMaxAgeSeconds}`)
    }
    conditions.push({ operator: 'NumericLessThan', key: MFA_AGE_KEY, values: [String(options.mfaMaxAgeSeconds)] })
  }
  if (options.externalId !== undefined) {
    conditions.push({ operator: 'StringEquals', key: 'sts:ExternalId', values: [assertExternalId(options.externalId)] })
  }
  return {
    version: POLICY_VERSION,
    statements: [
      {
        sid: 'TrustedPrincipals',
        effect: 'Allow',
        principal: { ...(principals.length ? { AWS: principals } : {}), ...(services.length ? { Service: services } : {}) },
        actions: ['sts:AssumeRole'],
        conditions,
      },
    ],
  }
}

/**
 * An account id becomes its root ARN (which IAM stores anyway and which means "whoever that
 * account's administrators allow"); user and role ARNs are kept; anything else — `*`,
 * wildcards, sessions — is refused, because a trust policy that names them
 * opens the role wider than the person probably means.
 */
function normalisePrincipal(principal: string): string {
  if (ACCOUNT_ID.test(principal)) return `arn:aws:iam::${principal}:root`
  if (ACCOUNT_ROOT.test(principal) || USER_OR_ROLE.test(principal)) return principal
  const why = principal.includes('*') ? 'wildcard principals are refused' : 'expected an account id, a user, role or account-root ARN, or a service such as lambda.amazonaws.com'
  throw new UsageError(
    'USAGE',
    `--principal ${principal}: ${why} (e.g. 123456789012 or arn:aws:iam::123456789012:user/alice)`,
  )
}
