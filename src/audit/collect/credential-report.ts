import type { IAMClient } from '@aws-sdk/client-iam'

import { awsErrorName } from '../../aws/aws-error.js'
import { AwsError } from '../../errors.js'
import type { CredentialReport } from '../account-data.js'
import type { Clock } from '../../clock.js'
import { parseCredentialReport } from './credential-report-csv.js'

export interface CredentialReportOptions {
  clock: Clock
  /** First wait between polls; doubles up to `maxPollMs`. */
  pollMs?: number
  maxPollMs?: number
  /** Give up after this long. */
  timeoutMs?: number
}

// IAM's codes, and the SDK's names for them.
const NOT_READY = new Set(['ReportInProgress', 'CredentialReportNotReadyException'])
const NOT_PRESENT = new Set(['ReportNotPresent', 'CredentialReportNotPresentException'])
const EXPIRED = new Set(['ReportExpired', 'CredentialReportExpiredException'])
const LIMITED = new Set(['LimitExceeded', 'LimitExceededException'])
const REPORT_STATES = new Set(['STARTED', 'INPROGRESS', 'COMPLETE'])

/**
 * The IAM credential report: GenerateCredentialReport until it says COMPLETE, then
 * GetCredentialReport. IAM keeps a report for four hours and answers COMPLETE at once while one
 * exists (the report's GeneratedTime says how old it is); ReportInProgress, ReportNotPresent,
 * ReportExpired and LimitExceeded (too many generations at once) all mean "wait and ask again".
 */
export async function collectCredentialReport(iam: IAMClient, options: CredentialReportOptions): Promise<CredentialReport> {
  const { GenerateCredentialReportCommand, GetCredentialReportCommand } = await import('@aws-sdk/client-iam')
  const { clock, maxPollMs = 10_000, timeoutMs = 300_000 } = options
  const deadline = clock.now().getTime() + timeoutMs
  let wait = options.pollMs ?? 1_000
  for (;;) {
    const state = await retryable(async () => (await iam.send(new GenerateCredentialReportCommand({}))).State, LIMITED)
    if (state !== undefined && !REPORT_STATES.has(state)) {
      // Not an answer IAM gives: polling it for minutes would only wait on a broken endpoint.
      throw new AwsError('NOT_AWS_ANSWER', `iam:GenerateCredentialReport: the answer's State is "${state}", which IAM never sends (STARTED, INPROGRESS or COMPLETE); check --endpoint-url and any proxy`)
    }
    if (state === 'COMPLETE') {
      const report = await retryable(() => iam.send(new GetCredentialReportCommand({})), new Set([...NOT_READY, ...NOT_PRESENT, ...EXPIRED]))
      if (report) return parseCredentialReport(new TextDecoder().decode(report.Content ?? new Uint8Array()), report.GeneratedTime)
    }
    if (clock.now().getTime() + wait > deadline) {
      throw new AwsError('CREDENTIAL_REPORT_TIMEOUT', `iam:GenerateCredentialReport: the report was not ready after ${Math.round(timeoutMs / 1000)} s; try again later`)
    }
    await clock.sleep(wait)
    wait = Math.min(wait * 2, maxPollMs)
  }
}

/** The call's result, or undefined when it failed with one of the "not yet" errors. */
async function retryable<T>(call: () => Promise<T>, notYet: Set<string>): Promise<T | undefined> {
  try {
    return await call()
  } catch (err) {
    if (notYet.has(awsErrorName(err)) || notYet.has((err as { Code?: string }).Code ?? '')) return undefined
    throw err
  }
}
