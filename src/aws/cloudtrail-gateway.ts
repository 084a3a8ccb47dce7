import type { AwsClients } from './clients.js'
import type { RequestPacer } from './request-pacer.js'

/** One CloudTrail management event as LookupEvents returns it. */
export interface TrailEvent {
  eventTime?: Date
  eventSource?: string
  eventName?: string
  /** The resources LookupEvents lists: a type and a name that is sometimes an ARN. */
  resources: { type?: string; name?: string }[]
  /** The full event record, a JSON string. */
  cloudTrailEvent?: string
}

export interface LookupWindow {
  startTime: Date
  endTime: Date
}

/** The largest page LookupEvents returns. */
const PAGE_SIZE = 50

/**
 * CloudTrail's event history, page by page, newest first. Every request waits for the pacer,
 * because LookupEvents is limited to 2 requests per second per account and region and the
 * SDK's retries alone would spend their attempts on throttling.
 */
export class CloudTrailGateway {
  constructor(
    private readonly clients: AwsClients,
    private readonly pacer: RequestPacer,
  ) {}

  async *lookupEvents(window: LookupWindow): AsyncGenerator<TrailEvent[]> {
    const { LookupEventsCommand } = await import('@aws-sdk/client-cloudtrail')
    const client = await this.clients.cloudtrail()
    let nextToken: string | undefined
    do {
      await this.pacer.next()
      const page = await client.send(
        new LookupEventsCommand({ StartTime: window.startTime, EndTime: window.endTime, MaxResults: PAGE_SIZE, NextToken: nextToken }),
      )
      yield (page.Events ?? []).map((e) => ({
        eventTime: e.EventTime,
        eventSource: e.EventSource,
        eventName: e.EventName,
        resources: (e.Resources ?? []).map((r) => ({ type: r.ResourceType, name: r.ResourceName })),
        cloudTrailEvent: e.CloudTrailEvent,
      }))
      nextToken = page.NextToken
    } while (nextToken)
  }
}
