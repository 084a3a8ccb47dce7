import { daysSince } from '../age.js'
import type { FindingResource } from '../finding.js'
import { defineRule } from './rule.js'

const CLOUDSHELL_FULL_ACCESS = /^arn:[^:]+:iam::aws:policy\/AWSCloudShellFullAccess$/

export const cloudshellFullAccess = defineRule({
  type: 'CLOUDSHELL_FULL_ACCESS',
  severity: 'medium',
  title: 'AWSCloudShellFullAccess attached to a user, group or role',
  remediation: 'Detach AWSCloudShellFullAccess and grant a policy without file upload/download (cloudshell:PutFileUpload, GetFileDownloadUrls), which moves data past other controls.',
  needs: ['authorization'],
  check({ authorization }, { now }) {
    // Only the few entities that hold the policy are turned into resources.
    const holds = (e: { attachedPolicies: { arn: string }[] }) => e.attachedPolicies.some((p) => CLOUDSHELL_FULL_ACCESS.test(p.arn))
    const entities: { resource: FindingResource; createdAt?: Date }[] = [
      ...authorization.users.filter(holds).map((u) => ({ resource: { type: 'User' as const, name: u.name, arn: u.arn }, createdAt: u.createdAt })),
      ...authorization.groups.filter(holds).map((g) => ({ resource: { type: 'Group' as const, name: g.name, arn: g.arn }, createdAt: g.createdAt })),
      ...authorization.roles.filter(holds).map((r) => ({ resource: { type: 'Role' as const, name: r.name, arn: r.arn }, createdAt: r.createdAt })),
    ]
    return entities
      .map((e) => ({
        resource: e.resource,
        detail: `${e.resource.type.toLowerCase()} ${e.resource.name} has AWSCloudShellFullAccess attached`,
        ageDays: e.createdAt ? daysSince(e.createdAt, now) : null,
      }))
  },
})
