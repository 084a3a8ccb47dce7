import { isUtf8 } from 'node:buffer'

import { IniDocument } from './ini-document.js'
import { ProfileFileError } from './profile-file-error.js'
import { readRegularFile } from './regular-file.js'

export interface ProfileFile {
  path: string
  /** The bytes as read; empty when the file does not exist. */
  text: string
  exists: boolean
  document: IniDocument
}

/**
 * Reads and validates one shared file. A missing file is an empty one, as for the AWS CLI; a
 * device, FIFO or folder in its place (even through a symlink) is bad input, never read.
 */
export function readProfileFile(path: string, what = 'a profile file'): ProfileFile {
  let bytes: Buffer | undefined
  try {
    bytes = readRegularFile(path, what)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EACCES' || code === 'EPERM') {
      throw new ProfileFileError(path, undefined, `cannot read the file (permission denied); give your user access with "chmod 600 ${path}"`)
    }
    throw err
  }
  const text = bytes === undefined ? '' : decodeUtf8(path, bytes)
  return { path, text, exists: bytes !== undefined, document: IniDocument.parse(path, text) }
}

/**
 * botocore refuses a file that is not UTF-8; reading it with replacement characters would hide
 * that. A byte-order mark is kept, as the bytes have it.
 */
function decodeUtf8(path: string, bytes: Buffer): string {
  if (!isUtf8(bytes)) throw new ProfileFileError(path, undefined, 'the file is not valid UTF-8, which the AWS CLI requires; save it as UTF-8')
  return bytes.toString('utf8')
}
