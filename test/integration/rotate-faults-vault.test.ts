import { describeFaultMatrix } from './rotate-fault-matrix.js'

// The key lives in the encrypted vault file: step 6 writes there, the journal's secrets are sealed
// in it, and no secret may be in plain text on disk after any fault.
describeFaultMatrix({
  title: 'file-vault profile without MFA',
  mfa: false,
  vault: 'file',
  // Calls 1–2 come before the vault is written; the plain matrix covers them.
  faulted: [3, 4, 5, 6],
  calls: ['GetCallerIdentity', 'ListAccessKeys', 'CreateAccessKey', 'GetCallerIdentity', 'UpdateAccessKey', 'DeleteAccessKey'],
})
