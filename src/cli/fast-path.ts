/**
 * The commands that bin/run.js answers without loading oclif: `--version`, and
 * `credential-process`, which the AWS CLI and SDKs run before every call they make. Only the
 * plain, valid forms are taken here; anything else (`--help`, an unknown flag, a missing
 * profile) goes to oclif, which parses and reports it as for every command. This file and what it
 * imports statically are dist/bundle/main.cjs (scripts/bundle-cli.mjs): argument parsing, the
 * profile files read, a stored session printed. Everything else credential-process may do is the
 * oclif command's own work (credential-process-run.ts → credential-process-output.ts), so both
 * paths print and fail alike. The files are read once: what this file read is handed to the
 * whole command as their text (plain data, so no object of one bundle file's classes meets the
 * other's; `instanceof` of iamkit's errors decides exit codes).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { parseTimeoutSeconds } from '../aws/timeouts.js'
import { profilePaths } from '../profiles/paths.js'
import { profileSnapshotOf, type ProfileTexts, readProfileTexts } from '../profiles/profile-snapshot.js'
import { reusableStoredSession } from '../session/session-cache.js'
import { credentialProcessDocument } from '../session/session-credentials.js'
import type { CredentialProcessArgs } from './credential-process-run.js'
import { credentialProcessText } from './credential-process-text.js'
import { writeStdout } from './write-stdout.js'

export type FastCommand = () => Promise<number>

/** `iamkit --version`, `-v` and `version` all print the same line (SPEC §0). */
const VERSION_WORDS = new Set(['--version', '-v', 'version'])

/** `root`: the package's folder, whose package.json holds the version. */
export function fastPath(argv: readonly string[], root: string): FastCommand | undefined {
  if (argv.length === 1 && VERSION_WORDS.has(argv[0]!)) return async () => printVersion(root)
  if (argv[0] === 'credential-process') {
    const parsed = parseCredentialProcess(argv.slice(1))
    if (parsed) return () => runCredentialProcess(parsed)
  }
  return undefined
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

/**
 * A stored session with 15 minutes left is what almost every call needs: it is read and printed
 * here with the first of the session sources' own steps (profile-snapshot.ts, session-cache.ts),
 * loading nothing else. Anything else (no such session, an expired one, a file that botocore
 * would refuse) goes to the whole command (credential-process-run.ts) with the files' text as
 * read here, and it renews or fails exactly as the oclif command does: this step never reports
 * an error itself. A file that could not be read at all (permission, not a regular file, not
 * UTF-8) is handed over as unread, and the whole command's own read reports it.
 */
async function runCredentialProcess(args: CredentialProcessArgs): Promise<number> {
  const { stored, texts } = storedSessionDocument(args.profile)
  if (!stored) return (await import('./credential-process-run.js')).runCredentialProcess(args, texts)
  try {
    await writeStdout(credentialProcessText(stored, args.json))
    return 0
  } catch (err) {
    return (await import('./credential-process-run.js')).reportCredentialProcessFailure(err, args)
  }
}

function storedSessionDocument(profile: string): { stored?: ReturnType<typeof credentialProcessDocument>; texts?: ProfileTexts } {
  let texts: ProfileTexts
  try {
    texts = readProfileTexts(profilePaths())
  } catch {
    return {}
  }
  try {
    const stored = reusableStoredSession(profileSnapshotOf(texts), profile, new Date())
    return { stored: stored && credentialProcessDocument(stored), texts }
  } catch {
    return { texts }
  }
}

/** Same text as oclif's `--version`. */
async function printVersion(root: string): Promise<number> {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
  await writeStdout(`iamkit/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
  return 0
}
