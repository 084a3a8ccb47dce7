import type { IAMClient } from '@aws-sdk/client-iam'
import { fromBase64 } from '@smithy/core/serde'

import { awsErrorName } from '../../aws/aws-error.js'
import { streamAnswersInto } from '../../aws/body-sink.js'
import { QueryAnswerReader } from '../../aws/query-answer-reader.js'
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
      const command = new GetCredentialReportCommand({})
      const content = readContentAsItArrives(command)
      const report = await retryable(() => iam.send(command), new Set([...NOT_READY, ...NOT_PRESENT, ...EXPIRED]))
      if (report) return parseCredentialReport(new TextDecoder().decode(content() ?? report.Content ?? new Uint8Array()), report.GeneratedTime)
    }
    if (clock.now().getTime() + wait > deadline) {
      throw new AwsError('CREDENTIAL_REPORT_TIMEOUT', `iam:GenerateCredentialReport: the report was not ready after ${Math.round(timeoutMs / 1000)} s; try again later`)
    }
    await clock.sleep(wait)
    wait = Math.min(wait * 2, maxPollMs)
  }
}

/**
 * The report's Content (base64 text of a few megabytes for a large account) read from the
 * answer's bytes: the SDK's XML reader builds such a text one character at a time, tens of
 * megabytes of intermediate strings. Decoded as the SDK decodes it (strict base64). Undefined
 * when the answer was not streamed (a mocked client).
 */
function readContentAsItArrives(command: { middlewareStack: { add: Function } }): () => Uint8Array | undefined {
  let content: Uint8Array | undefined
  streamAnswersInto(command, () => {
    content = undefined
    return new QueryAnswerReader({
      call: 'iam:GetCredentialReport',
      result: 'GetCredentialReportResult',
      leaves: { Content: (text) => (content = base64(text)) },
    })
  })
  return () => content
}

function base64(text: string): Uint8Array {
  try {
    return fromBase64(text)
  } catch (err) {
    throw new Error(`iam:GetCredentialReport answered with a Content that is not base64 (${(err as Error).message})`)
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
