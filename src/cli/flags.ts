import { Args, Flags } from '@oclif/core'

import { parseTimeoutSeconds } from '../aws/timeouts.js'

/** The argument every profile command takes. */
export const profileArg = Args.string({ description: 'Profile name in ~/.aws/credentials or ~/.aws/config', required: true })

/** Flags of every command that calls AWS (SPEC §0). */
export const awsFlags = {
  region: Flags.string({ helpValue: 'REGION', description: 'AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile, then us-east-1)', helpGroup: 'AWS' }),
  'endpoint-url': Flags.string({ helpValue: 'URL', description: 'Endpoint for IAM, STS and CloudTrail alike, e.g. a local emulator', helpGroup: 'AWS' }),
  timeout: Flags.custom<number>({
    description: 'Seconds to wait for each AWS call to connect and to answer, and for retries in all (default: 10 to connect, 60 to answer)',
    env: 'IAMKIT_TIMEOUT',
    helpValue: 'SECONDS',
    helpGroup: 'AWS',
    parse: async (input) => parseTimeoutSeconds(input),
  })(),
}

/** Where the one-time MFA code comes from (SPEC §3). */
export const mfaFlags = {
  'token-code': Flags.string({ helpValue: 'CODE', description: 'The 6-digit code your MFA device shows now', helpGroup: 'MFA' }),
  'mfa-command': Flags.string({ helpValue: 'COMMAND', description: 'A command that prints the current code, e.g. "ykman oath accounts code -s aws"', helpGroup: 'MFA' }),
}

/** For commands that read the account with the SDK's credential chain rather than a profile's own key. */
export const sdkProfileFlag = {
  profile: Flags.string({ helpValue: 'PROFILE', description: "Profile whose credentials to use (default: the SDK's chain, e.g. AWS_PROFILE)", helpGroup: 'AWS' }),
}

/** For commands that may sign in to IAM Identity Center with a person there. */
export const ssoFlags = {
  'no-browser': Flags.boolean({ description: 'Show the IAM Identity Center sign-in URL and code without opening a browser', helpGroup: 'SSO' }),
}

/** The vault file's passphrase command (SPEC §8), for every command that may read a vault profile's key. */
export const vaultPassphraseFlag = {
  'passphrase-command': Flags.string({
    helpValue: 'COMMAND',
    description: "A command that prints the vault file's passphrase (else IAMKIT_VAULT_PASSPHRASE, the profile's vault_passphrase_process, or a prompt)",
    helpGroup: 'VAULT',
  }),
}
