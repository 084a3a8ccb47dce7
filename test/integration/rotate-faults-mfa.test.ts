import { describeFaultMatrix } from './rotate-fault-matrix.js'

// With mfa_serial: one MFA session signs every IAM call, step 7 included. moto's
// GetSessionToken hands out fixed example credentials, so this runs with IAM enforcement off.
// The calls signed as without MFA are covered by rotate-faults.test.ts; here, the MFA session
// itself, and a rollback (4) and a recovery (6, 7) that must each get a session of their own.
describeFaultMatrix({
  title: 'profile with an MFA device',
  mfa: true,
  calls: ['GetCallerIdentity', 'GetSessionToken', 'ListAccessKeys', 'CreateAccessKey', 'GetCallerIdentity', 'UpdateAccessKey', 'DeleteAccessKey'],
  faulted: [2, 4, 6, 7],
})
