import { configSection } from '../profiles/profile.js'
import type { VaultDeps } from './import-key.js'

/**
 * Removes `iamkit_vault` from the profile's config section, and `credential_process` only when it
 * is the line import wrote (iamkit's own credential-process for this profile): a line the person
 * wrote is theirs.
 */
export async function forgetVault(profile: string, deps: Pick<VaultDeps, 'store'>): Promise<void> {
  await deps.store.updateConfig((document) => {
    const section = configSection(profile)
    document.delete(section, 'iamkit_vault')
    const line = document.get(section, 'credential_process')
    if (line !== undefined && isIamkitLine(line, profile)) document.delete(section, 'credential_process')
  })
}

function isIamkitLine(line: string, profile: string): boolean {
  const words = line.trim().split(/\s+/)
  const name = words[words.length - 1]?.replace(/^'(.*)'$/, '$1')
  return words.length >= 3 && words[words.length - 2] === 'credential-process' && name === profile && /iamkit|run\.js/.test(line)
}
