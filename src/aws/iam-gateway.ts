import { registerSecret } from '../redact.js'
import type { AwsClients } from './clients.js'
import type { Credentials, SwitchableCredentials } from './switchable-credentials.js'

export interface MfaDevice {
  serialNumber: string
  enableDate?: Date
}

export type AccessKeyStatus = 'Active' | 'Inactive'

export interface AccessKeyInfo {
  accessKeyId: string
  status: AccessKeyStatus
  createDate: Date
}

export interface NewAccessKey extends AccessKeyInfo {
  secretAccessKey: string
}

export interface AccessKeyLastUse {
  /** Undefined when AWS has no record of the key being used. */
  lastUsedDate?: Date
  serviceName?: string
  region?: string
}

/** The IAM calls of the credentials workflow, signed with the credentials they are given. */
export class IamGateway {
  constructor(
    private readonly clients: AwsClients,
    private readonly identity: SwitchableCredentials,
  ) {}

  async listMfaDevices(as: Credentials, userName: string): Promise<MfaDevice[]> {
    const { paginateListMFADevices } = await import('@aws-sdk/client-iam')
    const client = await this.signedAs(as)
    const devices: MfaDevice[] = []
    for await (const page of paginateListMFADevices({ client }, { UserName: userName })) {
      for (const d of page.MFADevices ?? []) {
        if (d.SerialNumber) devices.push({ serialNumber: d.SerialNumber, enableDate: d.EnableDate })
      }
    }
    return devices
  }

  /** `userName` undefined: the signing user's own keys. */
  async listAccessKeys(as: Credentials, userName?: string): Promise<AccessKeyInfo[]> {
    const { paginateListAccessKeys } = await import('@aws-sdk/client-iam')
    const client = await this.signedAs(as)
    const keys: AccessKeyInfo[] = []
    for await (const page of paginateListAccessKeys({ client }, { UserName: userName })) {
      for (const k of page.AccessKeyMetadata ?? []) {
        if (k.AccessKeyId) keys.push({ accessKeyId: k.AccessKeyId, status: k.Status === 'Inactive' ? 'Inactive' : 'Active', createDate: k.CreateDate ?? new Date(0) })
      }
    }
    return keys
  }

  async getAccessKeyLastUsed(as: Credentials, accessKeyId: string): Promise<AccessKeyLastUse> {
    const { GetAccessKeyLastUsedCommand } = await import('@aws-sdk/client-iam')
    const out = await (await this.signedAs(as)).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId }))
    const used = out.AccessKeyLastUsed
    // IAM reports "N/A" for the service and region of a key that was never used.
    const known = (value: string | undefined) => (value && value !== 'N/A' ? value : undefined)
    return { lastUsedDate: used?.LastUsedDate, serviceName: known(used?.ServiceName), region: known(used?.Region) }
  }

  async createAccessKey(as: Credentials, userName: string): Promise<NewAccessKey> {
    const { CreateAccessKeyCommand } = await import('@aws-sdk/client-iam')
    const out = await (await this.signedAs(as)).send(new CreateAccessKeyCommand({ UserName: userName }))
    const key = out.AccessKey
    if (!key?.AccessKeyId || !key.SecretAccessKey) throw new Error('IAM answered CreateAccessKey without the new key')
    registerSecret(key.SecretAccessKey)
    return {
      accessKeyId: key.AccessKeyId,
      secretAccessKey: key.SecretAccessKey,
      status: key.Status === 'Inactive' ? 'Inactive' : 'Active',
      createDate: key.CreateDate ?? new Date(),
    }
  }

  async updateAccessKey(as: Credentials, userName: string, accessKeyId: string, status: AccessKeyStatus): Promise<void> {
    const { UpdateAccessKeyCommand } = await import('@aws-sdk/client-iam')
    await (await this.signedAs(as)).send(new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId, Status: status }))
  }

  async deleteAccessKey(as: Credentials, userName: string, accessKeyId: string): Promise<void> {
    const { DeleteAccessKeyCommand } = await import('@aws-sdk/client-iam')
    await (await this.signedAs(as)).send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId }))
  }

  private async signedAs(as: Credentials) {
    const client = await this.clients.iam()
    this.identity.use(as)
    return client
  }
}
