import { UsageError } from '../errors.js'
import { promptMasked } from '../mfa/terminal-prompts.js'
import { credentialsFileKeys, type KeyStore } from '../profiles/key-store.js'
import type { ProfileStore } from '../profiles/profile-store.js'
import { backendOpener, type BackendOpener } from '../vault/open-backend.js'
import { keyStoreWithVault } from '../vault/vault-key-store.js'
import { isInteractive } from './terminal.js'

/** How vault backends are opened from this command line: passphrase command, prompt on a terminal. */
export function backendsFromFlags(flags: { 'passphrase-command'?: string }, options: { prompt?: boolean } = {}): BackendOpener {
  if (flags['passphrase-command'] !== undefined && flags['passphrase-command'].trim() === '') {
    throw new UsageError('BAD_PASSPHRASE_COMMAND', '--passphrase-command needs a command that prints the passphrase, e.g. --passphrase-command "pass show aws/iamkit-vault"')
  }
  const prompt = (options.prompt ?? true) && isInteractive() ? askPassphrase : undefined
  return backendOpener({ passphraseCommand: flags['passphrase-command'], prompt })
}

/** The key store of a command: vault profiles through their backend, the rest through the files. */
export function keyStoreFromFlags(store: ProfileStore, flags: { 'passphrase-command'?: string }, options: { prompt?: boolean } = {}): KeyStore {
  return keyStoreWithVault(credentialsFileKeys(store), backendsFromFlags(flags, options))
}

function askPassphrase(message: string): Promise<string> {
  return promptMasked(message, { validate: (answer) => answer !== '' || 'the passphrase cannot be empty', signal: new AbortController().signal })
}
