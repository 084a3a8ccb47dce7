/**
 * Whether an HTTP answer is AWS's (SPEC §0). Captive portals, broken proxies and emulators
 * without an API answer with HTML or text, often with status 200; the SDK would read such a
 * page as an empty success (DeleteAccessKey "succeeds", ListMFADevices finds no device). So
 * the body is checked against the service's protocol before the SDK reads it, and the fields a
 * call always returns are checked after.
 */

/** How a service's answers look: the Query protocol's XML, or JSON. */
type AnswerFormat = 'query-xml' | 'json'

const FORMATS: Record<string, AnswerFormat> = { iam: 'query-xml', sts: 'query-xml', cloudtrail: 'json' }

/**
 * Output fields that AWS always sends for the call: an answer without them did not come from
 * AWS, whatever it parsed as. Only fields the API reference marks as always present.
 */
const REQUIRED_FIELDS: Record<string, readonly string[]> = {
  'sts:GetCallerIdentity': ['Account', 'Arn', 'UserId'],
  'sts:GetSessionToken': ['Credentials'],
  'sts:AssumeRole': ['Credentials'],
  'sts:GetFederationToken': ['Credentials'],
  'iam:ListMFADevices': ['MFADevices'],
  'iam:ListAccessKeys': ['AccessKeyMetadata'],
  'iam:CreateAccessKey': ['AccessKey'],
  'iam:GetAccessKeyLastUsed': ['AccessKeyLastUsed'],
  'iam:GenerateCredentialReport': ['State'],
  'iam:GetCredentialReport': ['Content'],
  'iam:GenerateServiceLastAccessedDetails': ['JobId'],
  'iam:GetServiceLastAccessedDetails': ['JobStatus'],
}

/** What the error messages quote about an answer. */
export interface AnswerMeta {
  status: number
  contentType: string
}

export interface RawAnswer extends AnswerMeta {
  body: string
}

// XML and HTML are told apart by their first element (and an HTML page by its <title>).
const XML_CHECK_BYTES = 64 * 1024

/**
 * The part of an answer's bytes that `problemWithAnswer` reads: all of a JSON answer (it must
 * parse), the first 64 KB of any other after leading whitespace. An IAM answer can be tens of
 * megabytes (GetAccountAuthorizationDetails); decoding all of it to look at its root would
 * cost as much memory again as the SDK's own parse.
 */
export function bytesToCheck(service: string, bytes: Uint8Array): Uint8Array {
  if (!isCheckedByItsStart(service)) return bytes
  let start = 0
  while (start < bytes.length && (bytes[start] === 0x20 || bytes[start] === 0x09 || bytes[start] === 0x0a || bytes[start] === 0x0d)) start++
  return bytes.subarray(start, start + XML_CHECK_BYTES)
}

/** Whether `problemWithAnswer` reads only the start of this service's answers (not JSON, which must parse whole). */
export function isCheckedByItsStart(service: string): boolean {
  return FORMATS[service] !== 'json'
}

/** Whether `bytes`, the start of an answer, hold all that `problemWithAnswer` reads of it. */
export function hasEnoughToCheck(service: string, bytes: Uint8Array): boolean {
  return isCheckedByItsStart(service) && bytesToCheck(service, bytes).length >= XML_CHECK_BYTES
}

/** Why `answer` is not an answer of `service` to `operation`, or undefined when it is one. */
export function problemWithAnswer(service: string, operation: string, answer: RawAnswer): string | undefined {
  const text = answer.body.replace(/^\uFEFF/, '').trim()
  if (looksLikeHtml(text)) return htmlDescription(text)
  const format = FORMATS[service]
  if (format === 'query-xml') return problemWithXml(operation, answer.status, text)
  if (format === 'json') return problemWithJson(answer.status, text)
  // A service iamkit has no table for: refuse only what is plainly not an API answer.
  return text === '' || text.startsWith('{') || text.startsWith('<') ? undefined : `a body that is neither JSON nor XML (${excerpt(text)})`
}

/** The always-present fields that `output` lacks. */
export function missingFields(call: string, output: Record<string, unknown>): string[] {
  return (REQUIRED_FIELDS[call] ?? []).filter((field) => output[field] === undefined || output[field] === null)
}

function problemWithXml(operation: string, status: number, text: string): string | undefined {
  const root = /^(?:<\?xml[^>]*\?>\s*)?<([A-Za-z_][\w.-]*)[\s>/]/.exec(text)?.[1]
  if (!root) return text === '' ? 'an empty body' : `a body that is not XML (${excerpt(text)})`
  const ok = status >= 200 && status < 300
  if (ok && root !== `${operation}Response`) return `XML whose root is <${root}>, not <${operation}Response>`
  if (!ok && !['ErrorResponse', 'Error', 'Response'].includes(root)) return `XML whose root is <${root}>, not an AWS error`
  return undefined
}

function problemWithJson(status: number, text: string): string | undefined {
  if (text === '' && status >= 200 && status < 300) return undefined
  try {
    const value: unknown = JSON.parse(text)
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return undefined
  } catch {
    // not JSON
  }
  return text === '' ? 'an empty body' : `a body that is not a JSON object (${excerpt(text)})`
}

function looksLikeHtml(text: string): boolean {
  return /^<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i.test(text)
}

function htmlDescription(text: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.replace(/\s+/g, ' ').trim()
  return title ? `an HTML page titled "${title.slice(0, 80)}"` : 'an HTML page'
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ')
  return `"${flat.length > 60 ? `${flat.slice(0, 60)}…` : flat}"`
}
