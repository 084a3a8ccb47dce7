import { accessSync, constants, realpathSync } from 'node:fs'
import { delimiter, join } from 'node:path'

/**
 * The command that runs this iamkit from a config file's `credential_process` line: `iamkit` when
 * that name on PATH is this very installation, else the absolute node and script paths (quoted
 * for the shell-like split botocore and the JS SDK apply), so the AWS CLI finds it from anywhere.
 */
export function selfCommand(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const script = join(root, 'bin', 'run.js')
  const onPath = findOnPath('iamkit', env.PATH ?? '')
  if (onPath && sameFile(onPath, script)) return 'iamkit'
  return `${quoted(process.execPath)} ${quoted(realpathOr(script))}`
}

function findOnPath(name: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue
    const candidate = join(dir, name)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  return undefined
}

function sameFile(a: string, b: string): boolean {
  return realpathOr(a) === realpathOr(b)
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return path
  }
}

function quoted(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `"${path.replace(/(["\\$`])/g, '\\$1')}"`
}
