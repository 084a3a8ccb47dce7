import { describeFaultMatrix } from './rotate-fault-matrix.js'

// Without mfa_serial: IAM calls are signed with the profile's key, step 7 with the new key.
describeFaultMatrix({
  title: 'profile without MFA',
  mfa: false,
  calls: ['GetCallerIdentity', 'ListAccessKeys', 'CreateAccessKey', 'GetCallerIdentity', 'UpdateAccessKey', 'DeleteAccessKey'],
})
