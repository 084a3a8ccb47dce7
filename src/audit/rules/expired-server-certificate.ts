import { daysSince } from '../age.js'
import { defineRule } from './rule.js'

export const expiredServerCertificate = defineRule({
  type: 'EXPIRED_SERVER_CERTIFICATE',
  severity: 'medium',
  title: 'Expired SSL/TLS certificate stored in IAM',
  remediation: 'Delete the certificate (aws iam delete-server-certificate --server-certificate-name …) after checking nothing serves it; keep certificates in ACM, which renews them.',
  needs: ['serverCertificates'],
  check({ serverCertificates }, { now }) {
    return serverCertificates
      .filter((cert) => cert.expiration !== undefined && cert.expiration.getTime() < now.getTime())
      .map((cert) => ({
        resource: { type: 'ServerCertificate' as const, name: cert.name, arn: cert.arn },
        detail: `expired on ${cert.expiration!.toISOString().slice(0, 10)} (${daysSince(cert.expiration!, now)} days ago)`,
      }))
  },
})
