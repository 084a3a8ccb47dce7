import type { IAMClient } from '@aws-sdk/client-iam'

import type { ServerCertificate } from '../account-data.js'

/** iam:ListServerCertificates, all pages: the certificates stored in IAM (not ACM). */
export async function collectServerCertificates(iam: IAMClient): Promise<ServerCertificate[]> {
  const { ListServerCertificatesCommand } = await import('@aws-sdk/client-iam')
  const certificates: ServerCertificate[] = []
  let marker: string | undefined
  do {
    const page = await iam.send(new ListServerCertificatesCommand({ MaxItems: 1000, Marker: marker }))
    for (const c of page.ServerCertificateMetadataList ?? []) {
      certificates.push({ name: c.ServerCertificateName ?? '', arn: c.Arn ?? '', expiration: c.Expiration })
    }
    marker = page.IsTruncated ? page.Marker : undefined
  } while (marker)
  return certificates
}
