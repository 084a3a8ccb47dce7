import type { GetServiceLastAccessedDetailsResponse, IAMClient } from '@aws-sdk/client-iam'
import pLimit from 'p-limit'

import { awsErrorName, isThrottling } from '../../aws/aws-error.js'
import type { ServiceUsage, ServiceUsageByRole } from '../account-data.js'
import type { Clock } from '../../clock.js'

export interface ServiceUsageOptions {
  clock: Clock
  /** Calls in flight at once (`--concurrency`). */
  concurrency: number
  /** Pause between rounds of polling when a round was quicker than this. */
  pollMs?: number
  /** Give up on the jobs still running when none has finished for this long. */
  idleTimeoutMs?: number
  onProgress?: (done: number, total: number) => void
}

export interface ServiceUsageResult {
  usage: ServiceUsageByRole
  /** Roles whose job did not finish before the rolling timeout. */
  timedOut: string[]
  /** Roles whose job could not be started or failed, with why. */
  failed: { arn: string; reason: string }[]
}

interface Job {
  arn: string
  jobId: string
}

/**
 * Service last-accessed data for each role: GenerateServiceLastAccessedDetails for every role
 * first (the first one alone, so an account or emulator without the API fails fast), then
 * GetServiceLastAccessedDetails round-robin over the unfinished jobs until all are done or none
 * has finished for `idleTimeoutMs`. At most `concurrency` calls are in flight, on one client.
 */
export async function collectServiceUsage(iam: IAMClient, roleArns: string[], options: ServiceUsageOptions): Promise<ServiceUsageResult> {
  const { GenerateServiceLastAccessedDetailsCommand, GetServiceLastAccessedDetailsCommand } = await import('@aws-sdk/client-iam')
  const { clock, pollMs = 1_000, idleTimeoutMs = 120_000, onProgress } = options
  const limit = pLimit(options.concurrency)
  const result: ServiceUsageResult = { usage: new Map(), timedOut: [], failed: [] }
  if (roleArns.length === 0) return result

  const start = async (arn: string): Promise<Job> => {
    const out = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, Granularity: 'SERVICE_LEVEL' }))
    if (!out.JobId) throw new Error('IAM answered without a JobId')
    return { arn, jobId: out.JobId }
  }
  const [first, ...rest] = roleArns
  let pending: Job[] = [await start(first!)]
  const started = await Promise.allSettled(rest.map((arn) => limit(() => start(arn))))
  started.forEach((outcome, i) => {
    if (outcome.status === 'fulfilled') pending.push(outcome.value)
    else result.failed.push({ arn: rest[i]!, reason: awsErrorName(outcome.reason) })
  })

  /** One poll of one job: its services when complete, undefined while it runs. */
  const poll = async (job: Job): Promise<ServiceUsage[] | undefined> => {
    const services: ServiceUsage[] = []
    let marker: string | undefined
    do {
      const page: GetServiceLastAccessedDetailsResponse = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: job.jobId, Marker: marker }))
      if (page.JobStatus === 'IN_PROGRESS') return undefined
      if (page.JobStatus === 'FAILED') throw new Error(page.Error?.Message ?? 'the job failed')
      for (const s of page.ServicesLastAccessed ?? []) {
        if (s.ServiceNamespace) services.push({ namespace: s.ServiceNamespace, name: s.ServiceName, lastAuthenticated: s.LastAuthenticated })
      }
      marker = page.IsTruncated ? page.Marker : undefined
    } while (marker)
    return services
  }

  const total = pending.length
  let lastProgress = clock.now().getTime()
  while (pending.length > 0) {
    const roundStart = clock.now().getTime()
    const outcomes = await Promise.allSettled(pending.map((job) => limit(() => poll(job))))
    const stillRunning: Job[] = []
    outcomes.forEach((outcome, i) => {
      const job = pending[i]!
      if (outcome.status === 'fulfilled' && outcome.value) result.usage.set(job.arn, outcome.value)
      else if (outcome.status === 'fulfilled' || isThrottling(outcome.reason)) stillRunning.push(job)
      else result.failed.push({ arn: job.arn, reason: outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason) })
    })
    if (stillRunning.length < pending.length) {
      lastProgress = clock.now().getTime()
      onProgress?.(total - stillRunning.length, total)
    }
    pending = stillRunning
    if (pending.length === 0) break
    if (clock.now().getTime() - lastProgress >= idleTimeoutMs) {
      result.timedOut = pending.map((job) => job.arn)
      break
    }
    const elapsed = clock.now().getTime() - roundStart
    if (elapsed < pollMs) await clock.sleep(pollMs - elapsed)
  }
  return result
}
