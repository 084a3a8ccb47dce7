import type { ProfileTexts } from '../profiles/profile-snapshot.js'
import { credentialProcessDocumentFor, type CredentialProcessFlags } from './credential-process-output.js'
import { credentialProcessText } from './credential-process-text.js'
import { reportFailure } from './report-failure.js'
import { stderrReporter } from './stderr-reporter.js'
import { writeStdout } from './write-stdout.js'

export interface CredentialProcessArgs extends CredentialProcessFlags {
  profile: string
  json: boolean
  debug: boolean
}

/**
 * `iamkit credential-process` on bin/run.js's fast path when the stored session will not do (or
 * reading it failed): the oclif command's work (credential-process-output.ts: the files read,
 * the session sources in order, a renewal once across concurrent callers), printed and failed
 * as every command does. Built as a file of its own (dist/bundle/credential-process-run.cjs), so
 * the start of every call does not compile the renewal's code; see scripts/bundle-cli.mjs.
 * `read`: the files' text as main.cjs read them, so this run does not read them again.
 */
export async function runCredentialProcess(args: CredentialProcessArgs, read?: ProfileTexts): Promise<number> {
  try {
    const document = await credentialProcessDocumentFor(args.profile, args, stderrReporter({ debug: args.debug }), read)
    await writeStdout(credentialProcessText(document, args.json))
    return 0
  } catch (err) {
    return reportCredentialProcessFailure(err, args)
  }
}

/** The one-line error (or --json error document) and exit code of a failed credential-process. */
export function reportCredentialProcessFailure(err: unknown, args: Pick<CredentialProcessArgs, 'json' | 'debug'>): number {
  return reportFailure(err, { json: args.json, debug: args.debug })
}
