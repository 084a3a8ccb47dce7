import { homedir } from 'node:os'
import { join } from 'node:path'

/** `IAMKIT_VAULT_FILE`, else `~/.aws/iamkit-vault`. */
export function vaultFilePath(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.HOME || env.USERPROFILE || homedir()
  const set = env.IAMKIT_VAULT_FILE
  if (set) return set === '~' || set.startsWith('~/') ? join(home, set.slice(1)) : set
  return join(home, '.aws', 'iamkit-vault')
}
