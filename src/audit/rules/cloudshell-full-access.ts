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
    const entities: { resource: FindingResource; attached: { arn: string }[]; createdAt?: Date }[] = [
      ...authorization.users.map((u) => ({ resource: { type: 'User' as const, name: u.name, arn: u.arn }, attached: u.attachedPolicies, createdAt: u.createdAt })),
      ...authorization.groups.map((g) => ({ resource: { type: 'Group' as const, name: g.name, arn: g.arn }, attached: g.attachedPolicies, createdAt: g.createdAt })),
      ...authorization.roles.map((r) => ({ resource: { type: 'Role' as const, name: r.name, arn: r.arn }, attached: r.attachedPolicies, createdAt: r.createdAt })),
    ]
    return entities
      .filter((e) => e.attached.some((p) => CLOUDSHELL_FULL_ACCESS.test(p.arn)))
      .map((e) => ({
        resource: e.resource,
        detail: `${e.resource.type.toLowerCase()} ${e.resource.name} has AWSCloudShellFullAccess attached`,
        ageDays: e.createdAt ? daysSince(e.createdAt, now) : null,
      }))
  },
})
