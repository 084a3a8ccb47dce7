import { homedir } from 'node:os'
import { join } from 'node:path'

export interface ProfilePaths {
  credentials: string
  config: string
}

/** The shared files, honouring AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE (SPEC §0). */
export function profilePaths(env: NodeJS.ProcessEnv = process.env): ProfilePaths {
  const home = env.HOME || env.USERPROFILE || homedir()
  return {
    credentials: expandHome(env.AWS_SHARED_CREDENTIALS_FILE, home) ?? join(home, '.aws', 'credentials'),
    config: expandHome(env.AWS_CONFIG_FILE, home) ?? join(home, '.aws', 'config'),
  }
}

function expandHome(path: string | undefined, home: string): string | undefined {
  if (!path) return undefined
  return path === '~' || path.startsWith('~/') ? join(home, path.slice(1)) : path
}
