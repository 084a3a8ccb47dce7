import { UsageError } from '../errors.js'
import { POLICY_VERSION, type PolicyDocument, type PolicyStatement } from './document/model.js'
import { ownUserArns } from './own-user-arns.js'
import { callScope, selfServiceCalls } from './workflow-call-resources.js'

export interface UserPolicyOptions {
  roleArns: string[]
  selfService: boolean
}

// arn:<partition>:iam::<account>:role/<optional path/>name, with IAM's characters for names.
const ROLE_ARN = /^arn:aws(?:-cn|-us-gov|-iso|-iso-b)?:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/

/**
 * The identity policy of a day-to-day IAM user: it may assume the listed roles and nothing
 * else, and with `selfService` make exactly the calls of `iamkit init`, `login` and `rotate`
 * on its own user.
 */
export function userPolicy(options: UserPolicyOptions): PolicyDocument {
  if (options.roleArns.length === 0 && !options.selfService) {
    throw new UsageError('USAGE', 'give at least one --role-arn, or --self-service, or both')
  }
  for (const arn of options.roleArns) {
    if (!ROLE_ARN.test(arn)) {
      throw new UsageError('USAGE', `--role-arn ${arn} is not a role ARN such as arn:aws:iam::123456789012:role/Admin (wildcards are refused: list each role)`)
    }
  }
  const statements: PolicyStatement[] = []
  if (options.roleArns.length > 0) {
    statements.push({ sid: 'AssumeListedRoles', effect: 'Allow', actions: ['sts:AssumeRole'], resources: [...new Set(options.roleArns)], conditions: [] })
  }
  if (options.selfService) statements.push(...selfServiceStatements(partitionOf(options.roleArns)))
  return { version: POLICY_VERSION, statements }
}

/** The statements that let a user run iamkit's own workflows on itself, and nothing more. */
export function selfServiceStatements(partition = 'aws'): PolicyStatement[] {
  const calls = selfServiceCalls()
  const anyResource = calls.filter((c) => callScope(c) === 'any-resource')
  const ownUser = calls.filter((c) => callScope(c) === 'own-user')
  const statements: PolicyStatement[] = []
  if (anyResource.length) {
    statements.push({ sid: 'IamkitSessionTokens', effect: 'Allow', actions: anyResource, resources: ['*'], conditions: [] })
  }
  if (ownUser.length) {
    statements.push({ sid: 'IamkitOwnUser', effect: 'Allow', actions: ownUser, resources: ownUserArns(partition), conditions: [] })
  }
  return statements
}

/** The partition of the listed roles (the user lives in the same one); `aws` when none is listed. */
function partitionOf(roleArns: string[]): string {
  const partitions = [...new Set(roleArns.map((arn) => arn.split(':')[1]!))]
  if (partitions.length > 1) throw new UsageError('USAGE', `--role-arn lists roles in different partitions (${partitions.join(', ')}); a user and the roles it assumes share one partition`)
  return partitions[0] ?? 'aws'
}
