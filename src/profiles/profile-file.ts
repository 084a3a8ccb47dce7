import { isUtf8 } from 'node:buffer'

import { IniDocument } from './ini-document.js'
import { ProfileFileError } from './profile-file-error.js'
import { readRegularFile } from './regular-file.js'

/** One shared file's text as read: plain data (strings, a boolean), so it can cross between bundle files. */
export interface ProfileText {
  path: string
  /** The bytes as read; empty when the file does not exist. */
  text: string
  exists: boolean
}

export interface ProfileFile extends ProfileText {
  document: IniDocument
}

/**
 * Reads one shared file. A missing file is an empty one, as for the AWS CLI; a device, FIFO or
 * folder in its place (even through a symlink) is bad input, never read.
 */
export function readProfileText(path: string, what = 'a profile file'): ProfileText {
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
  return { path, text: bytes === undefined ? '' : decodeUtf8(path, bytes), exists: bytes !== undefined }
}

/** The file's text parsed and validated as botocore would read it (a malformed file: ProfileFileError). */
export function parseProfileText(read: ProfileText): ProfileFile {
  return { path: read.path, text: read.text, exists: read.exists, document: IniDocument.parse(read.path, read.text) }
}

/**
 * botocore refuses a file that is not UTF-8; reading it with replacement characters would hide
 * that. A byte-order mark is kept, as the bytes have it.
 */
function decodeUtf8(path: string, bytes: Buffer): string {
  if (!isUtf8(bytes)) throw new ProfileFileError(path, undefined, 'the file is not valid UTF-8, which the AWS CLI requires; save it as UTF-8')
  return bytes.toString('utf8')
}
