/**
 * The commands that bin/run.js answers without loading oclif: `--version`, and
 * `credential-process`, which the AWS CLI and SDKs run before every call they make. Only the
 * plain, valid forms are taken here; anything else (`--help`, an unknown flag, a missing
 * profile) goes to oclif, which parses and reports it as for every command. The work itself is
 * the oclif command's (credential-process-output.ts), so both paths print and fail alike.
 */
import { parseTimeoutSeconds } from '../aws/timeouts.js'

export type FastCommand = () => Promise<number>

/** `iamkit --version`, `-v` and `version` all print the same line (SPEC §0). */
const VERSION_WORDS = new Set(['--version', '-v', 'version'])

export function fastPath(argv: readonly string[]): FastCommand | undefined {
  if (argv.length === 1 && VERSION_WORDS.has(argv[0]!)) return printVersion
  if (argv[0] === 'credential-process') {
    const parsed = parseCredentialProcess(argv.slice(1))
    if (parsed) return () => runCredentialProcess(parsed)
  }
  return undefined
}

interface CredentialProcessArgs {
  profile: string
  json: boolean
  debug: boolean
  region?: string
  'endpoint-url'?: string
  timeout?: number
}

const VALUE_FLAGS = new Set(['--region', '--endpoint-url', '--timeout'])

/**
 * `credential-process <profile> [--json] [--debug] [--region R] [--endpoint-url U] [--timeout S]`,
 * or undefined for anything else, which oclif then parses (and reports) as usual.
 */
export function parseCredentialProcess(args: readonly string[]): CredentialProcessArgs | undefined {
  const parsed: Partial<CredentialProcessArgs> & { json: boolean; debug: boolean } = { json: false, debug: false }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '--json' || arg === '--debug') {
      parsed[arg === '--json' ? 'json' : 'debug'] = true
      continue
    }
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
    if (VALUE_FLAGS.has(flag)) {
      const value = inline ?? args[++i]
      if (value === undefined || value === '' || (inline === undefined && value.startsWith('-'))) return undefined
      const key = flag.slice(2) as 'region' | 'endpoint-url' | 'timeout'
      if (parsed[key] !== undefined) return undefined
      if (key === 'timeout') {
        const seconds = timeoutSeconds(value)
        if (seconds === undefined) return undefined
        parsed.timeout = seconds
      } else parsed[key] = value
      continue
    }
    if (arg.startsWith('-') || parsed.profile !== undefined) return undefined
    parsed.profile = arg
  }
  return parsed.profile === undefined ? undefined : (parsed as CredentialProcessArgs)
}

/** A malformed value is left to oclif, so the message is the one every command gives. */
function timeoutSeconds(value: string): number | undefined {
  try {
    return parseTimeoutSeconds(value)
  } catch {
    return undefined
  }
}

async function runCredentialProcess(args: CredentialProcessArgs): Promise<number> {
  const [{ credentialProcessDocumentFor }, { stderrReporter }, { reportFailure, writeJson }] = await Promise.all([
    import('./credential-process-output.js'),
    import('./stderr-reporter.js'),
    import('./report-failure.js'),
  ])
  try {
    const document = await credentialProcessDocumentFor(args.profile, args, stderrReporter({ debug: args.debug }))
    if (args.json) writeJson(document)
    else process.stdout.write(`${JSON.stringify(document)}\n`)
    return 0
  } catch (err) {
    return reportFailure(err, { json: args.json, debug: args.debug })
  }
}

/** Same text as oclif's `--version`. */
async function printVersion(): Promise<number> {
  const { readFileSync } = await import('node:fs')
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  process.stdout.write(`iamkit/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
  return 0
}
