import type { AwsClients } from './clients.js'
import type { Credentials, SwitchableCredentials } from './switchable-credentials.js'

export interface MfaDevice {
  serialNumber: string
  enableDate?: Date
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

  private async signedAs(as: Credentials) {
    const client = await this.clients.iam()
    this.identity.use(as)
    return client
  }
}
