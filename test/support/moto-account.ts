import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

/** A fake administrator key: moto accepts any key until it enforces policies. */
export const ADMIN_KEYS = { accessKeyId: 'AKIAFAKEADMIN0000000', secretAccessKey: 'fake-admin-secret-not-real' }
export const ACCOUNT_ID = '123456789012'

export interface SeededUser {
  userName: string
  arn: string
  accessKeyId: string
  secretAccessKey: string
  mfaSerial?: string
}

/** Builds entities in a moto account for a test, signed with the fake admin key. */
export class MotoAccount {
  readonly iam: IAMClient

  constructor(readonly endpoint: string) {
    this.iam = new IAMClient({ region: 'us-east-1', endpoint, credentials: ADMIN_KEYS, maxAttempts: 1 })
  }

  async createUser(userName: string, options: { path?: string; mfaDevices?: number; policy?: object } = {}): Promise<SeededUser> {
    const user = await this.iam.send(new CreateUserCommand({ UserName: userName, Path: options.path }))
    const key = await this.iam.send(new CreateAccessKeyCommand({ UserName: userName }))
    let mfaSerial: string | undefined
    for (let i = 0; i < (options.mfaDevices ?? 0); i++) {
      const device = await this.iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: `${userName}-${i}` }))
      const serial = device.VirtualMFADevice!.SerialNumber!
      await this.iam.send(new EnableMFADeviceCommand({ UserName: userName, SerialNumber: serial, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }))
      mfaSerial ??= serial
    }
    if (options.policy) {
      await this.iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: 'test-policy', PolicyDocument: JSON.stringify(options.policy) }))
    }
    return {
      userName,
      arn: user.User!.Arn!,
      accessKeyId: key.AccessKey!.AccessKeyId!,
      secretAccessKey: key.AccessKey!.SecretAccessKey!,
      ...(mfaSerial ? { mfaSerial } : {}),
    }
  }

  async createRole(roleName: string, trustPolicy: object, managedPolicyArn?: string): Promise<string> {
    const role = await this.iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify(trustPolicy) }))
    if (managedPolicyArn) await this.iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: managedPolicyArn }))
    return role.Role!.Arn!
  }

  destroy(): void {
    this.iam.destroy()
  }
}

/** A credentials-file section holding a user's long-term key. */
export function credentialsSection(profile: string, user: { accessKeyId: string; secretAccessKey: string }): string {
  return `[${profile}]\naws_access_key_id = ${user.accessKeyId}\naws_secret_access_key = ${user.secretAccessKey}\n`
}
