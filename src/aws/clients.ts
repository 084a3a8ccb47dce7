import type { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer'
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail'
import type { OrganizationsClient } from '@aws-sdk/client-organizations'
import type { IAMClient } from '@aws-sdk/client-iam'
import type { SSOClient } from '@aws-sdk/client-sso'
import type { SSOOIDCClient } from '@aws-sdk/client-sso-oidc'
import type { STSClient } from '@aws-sdk/client-sts'
import type { RetryStrategyV2 } from '@smithy/types'

import type { Reporter } from '../reporter.js'
import { ANSWER, answerCheck, attemptGuard, FinalAttempt, RetryBudget, serviceOf } from './attempt-guard.js'
import { type AnswerMeta, missingFields } from './aws-answer.js'
import { assertEndpointsWellFormed, type AwsService, resolveEndpoint } from './endpoint.js'
import { resolveRegion } from './region.js'
import { sdkLogger } from './sdk-logger.js'
import type { SwitchableCredentials } from './switchable-credentials.js'
import { attachSdkFileView } from '../profiles/sdk-file-view.js'
import { type Timeouts, timeoutsFor, timeoutsFromEnvironment } from './timeouts.js'
import { NotAwsAnswerError, transportError } from './transport-error.js'

export interface AwsClientOptions {
  /** `--region`; otherwise the environment, the profile, then us-east-1. */
  region?: string
  /** `--endpoint-url`, for IAM, STS and CloudTrail alike. */
  endpointUrl?: string
  /** The named profile's merged settings (region, endpoint_url). */
  profileSettings?: Record<string, string>
  /** Explicit credentials; without them the SDK's default chain runs for `profileName`. */
  credentials?: SwitchableCredentials
  profileName?: string
  /** Attempts per call, throttling included; AWS_MAX_ATTEMPTS wins when set. */
  maxAttempts?: number
  /** `--timeout SECONDS`; otherwise IAMKIT_TIMEOUT, then the defaults (SPEC §0). */
  timeoutSeconds?: number
  /**
   * One retry strategy shared by many clients (an organization audit's accounts), so that they
   * draw on one adaptive rate limiter and one retry-token bucket instead of each on its own.
   */
  retryStrategy?: RetryStrategyV2
  reporter?: Reporter
}

/** An SDK client package, once the SDK reads the shared files as iamkit read them. */
function sdkModule<T>(load: Promise<T>): Promise<T> {
  return Promise.all([load, attachSdkFileView()]).then(([module]) => module)
}

/** Variables iamkit put into its own environment, which programs it runs must not inherit. */
export const IAMKIT_INTERNAL_ENV: readonly string[] = internalEnv()

function internalEnv(): string[] {
  // The SDK warns on Node 20 through process.emitWarning; iamkit's stderr is for iamkit's words.
  const notice = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'
  if (process.env[notice] !== undefined) return []
  process.env[notice] = 'true'
  return [notice]
}

/**
 * One client per service per process (SPEC stack rules), created on first use so that
 * commands that never call a service never load its SDK package. Every call has a connect and
 * an answer timeout, retries of unanswered attempts share one budget for the command, and an
 * answer that is not AWS's is an error (src/aws/attempt-guard.ts).
 */
export class AwsClients {
  readonly region: string
  readonly timeouts: Timeouts
  readonly #budget: RetryBudget
  #iam?: Promise<IAMClient>
  #sts?: Promise<STSClient>
  #cloudtrail?: Promise<CloudTrailClient>
  // IAM Identity Center lives in its own region (sso_region), not the profile's: one client per region.
  readonly #sso = new Map<string, Promise<SSOClient>>()
  readonly #ssoOidc = new Map<string, Promise<SSOOIDCClient>>()
  #organizations?: Promise<OrganizationsClient>
  /** Access Analyzer is regional: one client per region the audit looks at. */
  readonly #accessAnalyzer = new Map<string, Promise<AccessAnalyzerClient>>()

  constructor(
    private readonly options: AwsClientOptions = {},
    /** The command's retry budget, when this factory serves another identity of the same command. */
    budget?: RetryBudget,
  ) {
    this.region = resolveRegion(options.region, options.profileSettings)
    this.timeouts = options.timeoutSeconds !== undefined ? timeoutsFor(options.timeoutSeconds) : timeoutsFromEnvironment()
    this.#budget = budget ?? new RetryBudget(this.timeouts.retryBudgetMs)
    assertEndpointsWellFormed(options.endpointUrl, options.profileSettings)
  }

  iam(): Promise<IAMClient> {
    this.#iam ??= sdkModule(import('@aws-sdk/client-iam')).then(({ IAMClient }) => this.#configure(new IAMClient(this.#config('iam'))))
    return this.#iam
  }

  sts(): Promise<STSClient> {
    this.#sts ??= sdkModule(import('@aws-sdk/client-sts')).then(({ STSClient }) => this.#configure(new STSClient(this.#config('sts'))))
    return this.#sts
  }

  cloudtrail(): Promise<CloudTrailClient> {
    this.#cloudtrail ??= sdkModule(import('@aws-sdk/client-cloudtrail')).then(({ CloudTrailClient }) =>
      this.#configure(new CloudTrailClient(this.#config('cloudtrail'))),
    )
    return this.#cloudtrail
  }

  /** The IAM Identity Center portal (sso:GetRoleCredentials) in `region`; its calls carry a bearer token, not a signature. */
  sso(region: string): Promise<SSOClient> {
    let client = this.#sso.get(region)
    if (!client) {
      client = sdkModule(import('@aws-sdk/client-sso')).then(({ SSOClient }) => this.#configure(new SSOClient(this.#unsignedConfig('sso', region))))
      this.#sso.set(region, client)
    }
    return client
  }

  /** IAM Identity Center's OIDC service (device authorization, tokens) in `region`; unsigned. */
  ssoOidc(region: string): Promise<SSOOIDCClient> {
    let client = this.#ssoOidc.get(region)
    if (!client) {
      client = sdkModule(import('@aws-sdk/client-sso-oidc')).then(({ SSOOIDCClient }) => this.#configure(new SSOOIDCClient(this.#unsignedConfig('sso-oidc', region))))
      this.#ssoOidc.set(region, client)
    }
    return client
  }

  organizations(): Promise<OrganizationsClient> {
    this.#organizations ??= sdkModule(import('@aws-sdk/client-organizations')).then(({ OrganizationsClient }) =>
      this.#configure(new OrganizationsClient(this.#config('organizations'))),
    )
    return this.#organizations
  }

  accessAnalyzer(region: string): Promise<AccessAnalyzerClient> {
    let client = this.#accessAnalyzer.get(region)
    if (!client) {
      client = sdkModule(import('@aws-sdk/client-accessanalyzer')).then(({ AccessAnalyzerClient }) =>
        this.#configure(new AccessAnalyzerClient({ ...this.#config('accessanalyzer'), region })),
      )
      this.#accessAnalyzer.set(region, client)
    }
    return client
  }

  /**
   * Clients for another identity (a role assumed in a member account) with this factory's
   * region, endpoints, timeouts, retry strategy and retry budget: the one place an organization
   * audit builds its per-account clients.
   */
  withCredentials(credentials: SwitchableCredentials): AwsClients {
    return new AwsClients({ ...this.options, credentials, profileName: undefined }, this.#budget)
  }

  /** Closes keep-alive sockets so the process can exit as soon as the command is done. */
  async destroy(): Promise<void> {
    const clients = await Promise.allSettled(
      [this.#iam, this.#sts, this.#cloudtrail, this.#organizations, ...this.#sso.values(), ...this.#ssoOidc.values(), ...this.#accessAnalyzer.values()].filter(Boolean),
    )
    for (const c of clients) if (c.status === 'fulfilled') c.value?.destroy()
  }

  #config(service: AwsService) {
    const { credentials, profileName, reporter } = this.options
    const endpoint = resolveEndpoint(service, this.options.endpointUrl, this.options.profileSettings)
    const maxAttempts = process.env.AWS_MAX_ATTEMPTS ? undefined : (this.options.maxAttempts ?? 8)
    return {
      region: this.region,
      ...(endpoint ? { endpoint } : {}),
      ...(credentials ? { credentials: credentials.provider } : profileName ? { profile: profileName } : {}),
      ...(this.options.retryStrategy ? { retryStrategy: this.options.retryStrategy } : { retryMode: 'adaptive', ...(maxAttempts ? { maxAttempts } : {}) }),
      requestHandler: {
        connectionTimeout: this.timeouts.connectMs,
        // The SDK's request timeout runs from before the connection: counting the connect time
        // in lets a connect that never completes be reported as such, not as a missing answer.
        // An answer that stops coming is caught by the socket's inactivity timeout at answerMs.
        requestTimeout: this.timeouts.connectMs + this.timeouts.answerMs,
        socketTimeout: this.timeouts.answerMs,
        throwOnRequestTimeout: true,
      },
      ...(reporter ? { logger: sdkLogger(reporter) } : {}),
    }
  }

  // No credentials and no profile: these calls must never start the SDK's credential chain.
  #unsignedConfig(service: 'sso' | 'sso-oidc', region: string) {
    const { credentials: _credentials, profile: _profile, ...rest } = this.#config(service) as Record<string, unknown>
    return { ...rest, region }
  }

  // Per attempt: the answer check (inside the SDK's parser) and the retry budget (inside its retries).
  // Per call: every failure tagged with the call (`iam:ListMFADevices: …`), transport failures
  // turned into one line naming the endpoint, and answers lacking what AWS always sends refused.
  #configure<C extends { middlewareStack: { add: Function } }>(client: C): C {
    const timeouts = this.timeouts
    client.middlewareStack.add(answerCheck(timeouts), { step: 'deserialize', priority: 'low', name: 'iamkitAnswerCheck' })
    client.middlewareStack.add(attemptGuard(this.#budget), { step: 'finalizeRequest', priority: 'low', name: 'iamkitAttemptGuard' })
    client.middlewareStack.add(
      (next: (args: unknown) => Promise<{ output?: unknown }>, context: { clientName?: string; commandName?: string; [key: symbol]: unknown }) =>
        async (args: unknown) => {
          const call = operationName(context)
          let result: { output?: unknown }
          try {
            result = await next(args)
          } catch (raw) {
            const err = transportError(raw instanceof FinalAttempt ? raw.error : raw, call, timeouts)
            if (err instanceof Error && !('$operation' in err)) Object.assign(err, { $operation: call })
            throw err
          }
          const missing = missingFields(call, (result.output ?? {}) as Record<string, unknown>)
          if (missing.length) {
            const answer = (context[ANSWER] as AnswerMeta | undefined) ?? { status: 200, contentType: '' }
            throw new NotAwsAnswerError(call, answer.status, answer.contentType, `no ${missing.join(', ')}, which AWS always sends`)
          }
          return result
        },
      { step: 'initialize', name: 'iamkitOperationTag' },
    )
    return client
  }
}

function operationName(context: { clientName?: string; commandName?: string }): string {
  const service = serviceOf(context)
  const operation = (context.commandName ?? '').replace(/Command$/, '')
  return service ? `${service}:${operation}` : operation
}

