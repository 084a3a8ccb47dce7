import { registerSecret } from '../redact.js'

export interface Credentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  expiration?: Date
}

/**
 * A credentials provider whose identity can be swapped between calls, so one client per
 * service serves a whole run even when the run changes keys (rotate signs with the new key).
 * Marked `memoized` so the SDK asks it on every request instead of caching the first answer.
 */
export class SwitchableCredentials {
  readonly provider: (() => Promise<Credentials>) & { memoized: true }
  #current: Credentials

  constructor(initial: Credentials) {
    this.#current = initial
    registerSecret(initial.secretAccessKey)
    registerSecret(initial.sessionToken)
    const provider = () => this.resolve()
    this.provider = Object.assign(provider, { memoized: true as const })
  }

  /** What the next request signs with. */
  protected async resolve(): Promise<Credentials> {
    return this.#current
  }

  get current(): Credentials {
    return this.#current
  }

  use(credentials: Credentials): void {
    registerSecret(credentials.secretAccessKey)
    registerSecret(credentials.sessionToken)
    this.#current = credentials
  }
}
