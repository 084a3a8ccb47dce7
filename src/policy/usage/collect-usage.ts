import type { LookupWindow, TrailEvent } from '../../aws/cloudtrail-gateway.js'
import type { IamReference } from '../../iam-reference/iam-reference.js'
import type { Reporter } from '../../reporter.js'
import { AwsError, UsageError } from '../../errors.js'
import type { PolicyDocument } from '../document/model.js'
import { classifyEvent, type RoleCall } from './role-usage.js'
import { usagePolicy } from './usage-policy.js'

/** CloudTrail's event history keeps 90 days of management events. */
export const MAX_DAYS = 90
const DAY_MS = 86_400_000
// How often (in pages of 50 events) progress is reported on stderr.
const PROGRESS_EVERY_PAGES = 10

export interface UsageRequest {
  /** Role name (as in its ARN, without the path) or the role's ARN. */
  role: string
  days: number
  maxEvents: number
  now: Date
  region: string
}

export interface UsageReport {
  role: string
  region: string
  policy: PolicyDocument
  /** The period the events read cover; `complete` is false when --max-events stopped early. */
  period: { start: string; end: string; complete: boolean }
  events: {
    read: number
    fromRole: number
    used: number
    denied: number
    unmapped: { eventSource: string; eventName: string; reason: string }[]
  }
}

export interface UsageDeps {
  trail: { lookupEvents(window: LookupWindow): AsyncIterable<TrailEvent[]> }
  reporter: Reporter
  /** AWS's service authorization data: only actions that exist are written. */
  reference: IamReference
}

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/
const ROLE_ARN = /^arn:aws(?:-cn|-us-gov|-iso|-iso-b)?:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/

/**
 * Reads the role's CloudTrail management events of the last `days` days (newest first, at most
 * `maxEvents` events of the whole account) and turns the calls its sessions made into a policy.
 */
export async function collectRoleUsage(request: UsageRequest, deps: UsageDeps): Promise<UsageReport> {
  validate(request)
  const window = { startTime: new Date(request.now.getTime() - request.days * DAY_MS), endTime: request.now }
  const { reporter } = deps
  reporter.info(
    `Reading CloudTrail management events in ${request.region} from ${iso(window.startTime)} to ${iso(window.endTime)} (at most ${request.maxEvents} events, 2 requests per second)…`,
  )

  const events: UsageReport['events'] = { read: 0, fromRole: 0, used: 0, denied: 0, unmapped: [] }
  const calls: RoleCall[] = []
  let oldest: Date | undefined
  let stoppedEarly = false
  let pages = 0
  reading: for await (const page of deps.trail.lookupEvents(window)) {
    pages++
    for (const event of page) {
      if (events.read === request.maxEvents) {
        stoppedEarly = true
        break reading
      }
      events.read++
      if (event.eventTime && (!oldest || event.eventTime < oldest)) oldest = event.eventTime
      const verdict = classifyEvent(event, request.role, deps.reference)
      if (verdict.kind === 'other') continue
      events.fromRole++
      if (verdict.kind === 'denied') events.denied++
      else if (verdict.kind === 'unmapped') addUnmapped(events.unmapped, verdict.source, verdict.name, verdict.reason)
      else if (verdict.kind === 'call') {
        events.used++
        calls.push(verdict)
      }
    }
    if (pages % PROGRESS_EVERY_PAGES === 0) {
      reporter.info(`Read ${events.read} events back to ${oldest ? iso(oldest) : 'the start'}; ${events.fromRole} by ${request.role}`)
    }
  }

  const start = stoppedEarly && oldest ? oldest : window.startTime
  const period = { start: iso(start), end: iso(window.endTime), complete: !stoppedEarly }
  const summary = `Read ${count(events.read, 'event')} from ${period.start} to ${period.end} in ${request.region}; ${events.fromRole} by sessions of ${request.role}, ${events.used} used for the policy`
  reporter.info(`${summary}${events.denied ? `, ${events.denied} refused with AccessDenied left out` : ''}.`)
  if (stoppedEarly) {
    reporter.warn(`stopped at --max-events ${request.maxEvents}: only events since ${period.start} were read; raise --max-events to cover all ${request.days} days`)
  }
  for (const u of events.unmapped) reporter.warn(`${u.eventSource} ${u.eventName} is not in the policy: ${u.reason}; add it by hand`)

  if (calls.length === 0) {
    const what = events.fromRole === 0 ? `role ${request.role} made no calls recorded` : `none of the ${events.fromRole} calls of role ${request.role} could be granted`
    throw new AwsError(
      'NO_USAGE',
      `${what} in CloudTrail's event history in ${request.region} from ${period.start} to ${period.end} (${count(events.read, 'event')} read), so there is nothing to build a policy from; try more --days, another --region, or a higher --max-events`,
    )
  }
  return { role: request.role, region: request.region, policy: usagePolicy(calls), period, events }
}

function validate(request: UsageRequest): void {
  if (!ROLE_NAME.test(request.role) && !ROLE_ARN.test(request.role)) {
    throw new UsageError('USAGE', `--role ${request.role} is not a role name or role ARN`)
  }
  if (!Number.isInteger(request.days) || request.days < 1 || request.days > MAX_DAYS) {
    throw new UsageError('USAGE', `--days must be a whole number from 1 to ${MAX_DAYS} (CloudTrail's event history keeps ${MAX_DAYS} days), got ${request.days}`)
  }
  if (!Number.isInteger(request.maxEvents) || request.maxEvents < 1) {
    throw new UsageError('USAGE', `--max-events must be a whole number of at least 1, got ${request.maxEvents}`)
  }
}

function addUnmapped(list: UsageReport['events']['unmapped'], eventSource: string, eventName: string, reason: string): void {
  if (!list.some((u) => u.eventSource === eventSource && u.eventName === eventName)) list.push({ eventSource, eventName, reason })
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}
