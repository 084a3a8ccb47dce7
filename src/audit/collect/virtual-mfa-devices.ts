import type { IAMClient } from '@aws-sdk/client-iam'

import type { VirtualMfaDevice } from '../account-data.js'

/**
 * iam:ListVirtualMFADevices (assigned ones), all pages: tells a root user's virtual MFA from a
 * hardware one, which the credential report does not.
 */
export async function collectVirtualMfaDevices(iam: IAMClient): Promise<VirtualMfaDevice[]> {
  const { ListVirtualMFADevicesCommand } = await import('@aws-sdk/client-iam')
  const devices: VirtualMfaDevice[] = []
  let marker: string | undefined
  do {
    const page = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned', MaxItems: 1000, Marker: marker }))
    for (const d of page.VirtualMFADevices ?? []) devices.push({ serial: d.SerialNumber ?? '', userArn: d.User?.Arn })
    marker = page.IsTruncated ? page.Marker : undefined
  } while (marker)
  return devices
}
