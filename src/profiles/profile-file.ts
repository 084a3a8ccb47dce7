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
    text = await readFile(path, 'utf8')
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
