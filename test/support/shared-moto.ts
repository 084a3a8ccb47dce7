import { afterAll, beforeAll, beforeEach } from 'vitest'

import { MotoAccount } from './moto-account.js'
import { type MotoOptions, type MotoServer, startMoto } from './moto.js'

export interface SharedMoto {
  readonly moto: MotoServer
  /** Seeds entities with the fake admin key. */
  readonly account: MotoAccount
}

/**
 * One moto per test file (starting it costs seconds), emptied before each test. Call it inside
 * the `describe` that needs it; read `moto` and `account` inside tests and hooks.
 */
export function sharedMoto(options: MotoOptions = {}): SharedMoto {
  let moto: MotoServer | undefined
  let account: MotoAccount | undefined
  beforeAll(async () => {
    moto = await startMoto(options)
    account = new MotoAccount(moto.endpoint)
  })
  afterAll(async () => {
    account?.destroy()
    await moto?.stop()
  })
  beforeEach(async () => {
    await moto!.reset()
  })
  return {
    get moto() {
      return moto!
    },
    get account() {
      return account!
    },
  }
}
