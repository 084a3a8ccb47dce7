const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EFBIG: 'file too large',
}

/** The OS's reason in words, with its code when it is one of the usual ones: "no space left on device (ENOSPC)". */
export function writeFailureReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code
  const known = code ? REASONS[code] : undefined
  return known ? `${known} (${code})` : err instanceof Error ? err.message : String(err)
}
