import { readFile } from 'node:fs/promises'

import { IniDocument } from './ini-document.js'
import { ProfileFileError } from './profile-file-error.js'

export interface ProfileFile {
  path: string
  /** The bytes as read; empty when the file does not exist. */
  text: string
  exists: boolean
  document: IniDocument
}

/** Reads and validates one shared file. A missing file is an empty one, as for the AWS CLI. */
export async function readProfileFile(path: string): Promise<ProfileFile> {
  let text = ''
  let exists = true
  try {
    text = decodeUtf8(path, await readFile(path))
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') exists = false
    else if (code === 'EACCES' || code === 'EPERM') {
      throw new ProfileFileError(path, undefined, `cannot read the file (permission denied); give your user access with "chmod 600 ${path}"`)
    } else if (code === 'EISDIR') {
      throw new ProfileFileError(path, undefined, 'this is a directory, not a profile file')
    } else throw err
  }
  return { path, text, exists, document: IniDocument.parse(path, text) }
}

/** botocore refuses a file that is not UTF-8; reading it with replacement characters would hide that. */
function decodeUtf8(path: string, bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    throw new ProfileFileError(path, undefined, 'the file is not valid UTF-8, which the AWS CLI requires; save it as UTF-8')
  }
}
