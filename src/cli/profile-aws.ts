import { type AwsClientOptions, AwsClients } from '../aws/clients.js'
import { IamGateway } from '../aws/iam-gateway.js'
import { SsoGateway } from '../aws/sso-gateway.js'
import { SsoOidcGateway } from '../aws/sso-oidc-gateway.js'
import { StsGateway } from '../aws/sts-gateway.js'
import { SwitchableCredentials } from '../aws/switchable-credentials.js'
import type { ProfileSnapshot } from '../profiles/profile-store.js'
import type { Reporter } from '../reporter.js'
import type { SsoServices } from '../sso/sso-role-session.js'

export interface ProfileAws {
  /** The profile's merged settings as read when the clients were aimed (empty if it is unknown). */
  settings: Readonly<Record<string, string>>
  clients: AwsClients
  identity: SwitchableCredentials
  sts: StsGateway
  iam: IamGateway
  /** IAM Identity Center's services, in whichever region a sign-in names. */
  sso: SsoServices
}

/**
 * The AWS side of a command that works on one profile: clients aimed by the flags and the
 * profile's region and endpoint_url, signing with whichever credentials each call is given.
 * Creating it loads no SDK module; the first call does.
 */
export function profileAws(
  snapshot: ProfileSnapshot,
  profile: string,
  flags: { region?: string; 'endpoint-url'?: string; timeout?: number; debug?: boolean },
  reporter: Reporter,
  options: Pick<AwsClientOptions, 'retryStrategy'> = {},
): ProfileAws {
  const settings = snapshot.profile(profile)?.settings ?? {}
  // No call is made before a gateway sets the identity it signs with.
  const identity = new SwitchableCredentials({ accessKeyId: '', secretAccessKey: '' })
  const clients = new AwsClients({
    region: flags.region,
    endpointUrl: flags['endpoint-url'],
    timeoutSeconds: flags.timeout,
    profileSettings: settings,
    credentials: identity,
    ...options,
    ...(flags.debug ? { reporter } : {}),
  })
  return {
    settings,
    clients,
    identity,
    sts: new StsGateway(clients, identity),
    iam: new IamGateway(clients, identity),
    sso: { oidc: (region) => new SsoOidcGateway(clients, region), portal: (region) => new SsoGateway(clients, region) },
  }
}
