import { fromAwsSdkError, isAwsSdkError } from '../../aws/aws-error.js'
import type { AwsClients } from '../../aws/clients.js'
import type { AccountSources, SourceName } from '../account-data.js'
import { rolesForServiceUsage } from '../rules/unused-service-permissions.js'
import type { AuditSettings } from '../rules/rule.js'
import { collectAccessAnalyzers } from './access-analyzers.js'
import { collectAccountAlias } from './account-alias.js'
import { collectAuthorizationDetails } from './authorization-details.js'
import { collectCallerIdentity } from './caller-identity.js'
import type { Clock } from '../../clock.js'
import { collectCredentialReport } from './credential-report.js'
import { collectPasswordPolicy } from './password-policy.js'
import { collectServerCertificates } from './server-certificates.js'
import { collectServiceUsage } from './service-last-accessed.js'
import { collectVirtualMfaDevices } from './virtual-mfa-devices.js'

export interface CollectOptions {
  settings: Pick<AuditSettings, 'now' | 'unusedDays' | 'includeServiceRoles'>
  /** Collect service last-accessed data (`--no-service-usage` turns it off). */
  serviceUsage: boolean
  concurrency: number
  /** Regions whose Access Analyzer is checked (`--regions`; default the audit's region). */
  regions?: readonly string[]
  clock: Clock
  progress?: (message: string) => void
}

/** What could be collected, and why the rest could not. */
export interface CollectedAccount {
  account: string | null
  /** The partition (aws, aws-cn, aws-us-gov) of the caller's ARN, or of the account's own ARNs; null when none was read. */
  partition: string | null
  /** The account alias; null when it has none or it could not be read (it only labels the report). */
  accountName: string | null
  sources: Partial<AccountSources>
  /** Sources that are missing, with the reason: their rules are skipped. */
  unavailable: Partial<Record<SourceName, string>>
  warnings: string[]
  /**
   * What could not be read of the data every audit rests on (caller identity, credential
   * report, authorization details): the report is still made, but the run must not pass.
   */
  incomplete: string[]
}

/**
 * Runs the collectors: caller identity, credential report and authorization details side by
 * side, then service last-accessed data for the roles found. A collector that fails leaves a
 * warning and a missing source, never a crash; only when nothing at all could be read does the
 * audit fail, because an empty report would read as a clean account.
 */
export async function collectAccount(clients: AwsClients, options: CollectOptions): Promise<CollectedAccount> {
  const { clock, progress } = options
  const collected: CollectedAccount = { account: null, partition: null, accountName: null, sources: {}, unavailable: {}, warnings: [], incomplete: [] }
  const [iam, sts] = await Promise.all([clients.iam(), clients.sts()])
  progress?.('reading the account (caller identity, credential report, authorization details, account settings)…')
  const [identity, alias, report, authorization] = await Promise.allSettled([
    collectCallerIdentity(sts),
    collectAccountAlias(iam),
    collectCredentialReport(iam, { clock }),
    collectAuthorizationDetails(iam, (pages) => progress?.(`authorization details: page ${pages}`)),
    collectSettingsInto(collected, clients, iam, options.regions ?? [clients.region]),
  ])
  if (identity.status === 'fulfilled') {
    collected.account = identity.value.account
    collected.partition = partitionOf(identity.value.arn)
  }
  else collected.warnings.push(`caller identity: ${reasonOf(identity.reason)}`)
  if (identity.status === 'rejected') collected.incomplete.push(collected.warnings.at(-1)!)
  if (alias.status === 'fulfilled') collected.accountName = alias.value
  if (report.status === 'fulfilled') collected.sources.credentialReport = report.value
  else missing(collected, 'credentialReport', `credential report: ${reasonOf(report.reason)}`, true)
  if (authorization.status === 'fulfilled') collected.sources.authorization = authorization.value
  else missing(collected, 'authorization', `authorization details: ${reasonOf(authorization.reason)}`, true)

  if (report.status === 'rejected' && authorization.status === 'rejected') throw authorization.reason
  collected.account ??= accountFromArns(collected.sources)
  collected.partition ??= partitionOf(ownArn(collected.sources))

  if (!options.serviceUsage) {
    collected.unavailable.serviceUsage = 'not collected (--no-service-usage)'
  } else if (!collected.sources.authorization) {
    collected.unavailable.serviceUsage = 'needs the authorization details'
  } else {
    await collectServiceUsageInto(collected, iam, options)
  }
  return collected
}

/** The account-settings sources: one whole-account call each (Access Analyzer: one per region). */
async function collectSettingsInto(collected: CollectedAccount, clients: AwsClients, iam: Awaited<ReturnType<AwsClients['iam']>>, regions: readonly string[]): Promise<void> {
  const collectors: { [S in SettingsSource]: [string, () => Promise<AccountSources[S]>] } = {
    passwordPolicy: ['password policy', () => collectPasswordPolicy(iam)],
    serverCertificates: ['server certificates', () => collectServerCertificates(iam)],
    virtualMfaDevices: ['virtual MFA devices', () => collectVirtualMfaDevices(iam)],
    accessAnalyzers: [`Access Analyzer (${regions.join(', ')})`, () => collectAccessAnalyzers(clients, regions)],
  }
  await Promise.all(
    (Object.keys(collectors) as SettingsSource[]).map(async (source) => {
      const [label, collect] = collectors[source]
      try {
        ;(collected.sources as Record<SettingsSource, unknown>)[source] = await collect()
      } catch (err) {
        missing(collected, source, `${label}: ${reasonOf(err)}`)
      }
    }),
  )
}

type SettingsSource = 'passwordPolicy' | 'serverCertificates' | 'virtualMfaDevices' | 'accessAnalyzers'

async function collectServiceUsageInto(collected: CollectedAccount, iam: Awaited<ReturnType<AwsClients['iam']>>, options: CollectOptions): Promise<void> {
  const roles = rolesForServiceUsage(collected.sources.authorization!.roles, options.settings).map((role) => role.arn)
  options.progress?.(`service last-accessed data for ${roles.length} roles…`)
  try {
    const result = await collectServiceUsage(iam, roles, {
      clock: options.clock,
      concurrency: options.concurrency,
      onProgress: (done, total) => options.progress?.(`service last-accessed data: ${done}/${total} roles`),
    })
    collected.sources.serviceUsage = result.usage
    if (result.timedOut.length) {
      collected.warnings.push(`service last-accessed data: ${result.timedOut.length} role(s) not checked, their jobs did not finish in time (${sample(result.timedOut)})`)
    }
    if (result.failed.length) {
      collected.warnings.push(`service last-accessed data: ${result.failed.length} role(s) not checked (${sample(result.failed.map((f) => `${f.arn}: ${f.reason}`))})`)
    }
  } catch (err) {
    missing(collected, 'serviceUsage', `service last-accessed data: ${reasonOf(err)}`)
  }
}

function missing(collected: CollectedAccount, source: SourceName, warning: string, essential = false): void {
  collected.unavailable[source] = warning
  collected.warnings.push(warning)
  if (essential) collected.incomplete.push(warning)
}

function reasonOf(err: unknown): string {
  if (isAwsSdkError(err)) {
    const status = err.$metadata?.httpStatusCode
    // An emulator or partition without the API answers with an HTML error page.
    if (status && status >= 500 && (err.name === 'Error' || /Deserialization error/.test(err.message))) return `${err.$operation ?? 'the call'} is not supported here (HTTP ${status})`
    return fromAwsSdkError(err).message
  }
  return err instanceof Error ? err.message : String(err)
}

function sample(items: string[]): string {
  return items.length > 3 ? `${items.slice(0, 3).join('; ')}; …` : items.join('; ')
}

/** An ARN of the account's own (a role's, a user's, root's), when the caller identity could not say. */
function ownArn(sources: Partial<AccountSources>): string | undefined {
  return sources.authorization?.roles[0]?.arn ?? sources.authorization?.users[0]?.arn ?? sources.credentialReport?.entries[0]?.arn
}

function accountFromArns(sources: Partial<AccountSources>): string | null {
  return ownArn(sources)?.split(':')[4] || null
}

function partitionOf(arn: string | undefined): string | null {
  return arn?.startsWith('arn:') ? arn.split(':')[1] || null : null
}
