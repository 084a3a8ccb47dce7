import { CancelledError, UsageError } from '../errors.js'
import { promptConfirm } from '../mfa/terminal-prompts.js'
import { isInteractive } from './terminal.js'

/** A destructive step goes ahead with --yes, or a "yes" on a terminal; without either it is refused (exit 2). */
export async function confirmOrRefuse(yes: boolean, question: string, command: string): Promise<void> {
  if (yes) return
  if (!isInteractive()) throw new UsageError('CONFIRMATION_REQUIRED', `${command} changes where the key is kept and there is no terminal to ask on; pass --yes`)
  if (!(await promptConfirm(question))) throw new CancelledError('CANCELLED', 'not confirmed; nothing was changed')
}
