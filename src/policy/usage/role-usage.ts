import type { TrailEvent } from '../../aws/cloudtrail-gateway.js'
import type { IamReference } from '../../iam-reference/iam-reference.js'
import { iamActionFor } from './event-action.js'

/** What one of the role's calls contributes to its policy. */
export interface RoleCall {
  action: string
  /** The ARNs the event names; empty when it names none. */
  resourceArns: string[]
}

export type EventVerdict =
  | { kind: 'other' } // not made by one of the role's sessions, or not an API call
  | { kind: 'denied' } // the role was refused: granting it would widen the role
  | { kind: 'no-permission'; action: string }
  | { kind: 'unmapped'; source: string; name: string; reason: string }
  | ({ kind: 'call' } & RoleCall)

/** Actions every caller may make, which a policy therefore does not need to grant. */
const NEEDS_NO_PERMISSION = new Set(['sts:GetCallerIdentity'])

interface EventRecord {
  eventType?: string
  eventSource?: string
  eventName?: string
  errorCode?: string
  userIdentity?: { type?: string; sessionContext?: { sessionIssuer?: { type?: string; userName?: string; arn?: string } } }
  resources?: { ARN?: string }[]
}

/**
 * Classifies an event for `policy from-usage --role <role>`: made by a session of that role
 * (the session issuer, by name or ARN), an API call, authorised, and mapped to an action.
 */
export function classifyEvent(event: TrailEvent, role: string, reference: IamReference): EventVerdict {
  const record = parseRecord(event.cloudTrailEvent)
  if (!record || !issuedBy(record, role)) return { kind: 'other' }
  if (record.eventType !== undefined && record.eventType !== 'AwsApiCall') return { kind: 'other' }
  if (record.errorCode && /AccessDenied|Unauthorized/i.test(record.errorCode)) return { kind: 'denied' }
  const source = record.eventSource ?? event.eventSource ?? ''
  const name = record.eventName ?? event.eventName ?? ''
  const mapped = iamActionFor(source, name, reference)
  if ('unmapped' in mapped) return { kind: 'unmapped', source, name, reason: mapped.unmapped }
  if (NEEDS_NO_PERMISSION.has(mapped.action)) return { kind: 'no-permission', action: mapped.action }
  return { kind: 'call', action: mapped.action, resourceArns: resourceArns(event, record) }
}

function issuedBy(record: EventRecord, role: string): boolean {
  const identity = record.userIdentity
  const issuer = identity?.sessionContext?.sessionIssuer
  if (identity?.type !== 'AssumedRole' || issuer?.type !== 'Role') return false
  // Role names are unique without regard to case; an ARN names one role exactly.
  return role.startsWith('arn:') ? issuer.arn === role : issuer.userName?.toLowerCase() === role.toLowerCase()
}

function resourceArns(event: TrailEvent, record: EventRecord): string[] {
  const arns = [
    ...(record.resources ?? []).map((r) => r.ARN),
    ...event.resources.map((r) => r.name),
  ].filter((arn): arn is string => typeof arn === 'string' && arn.startsWith('arn:'))
  return [...new Set(arns)]
}

function parseRecord(text: string | undefined): EventRecord | undefined {
  if (!text) return undefined
  try {
    return JSON.parse(text) as EventRecord
  } catch {
    return undefined
  }
}
