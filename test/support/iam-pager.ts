import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** How many entities of each kind the fake account holds. */
export interface PagerAccount {
  User: number
  Role: number
  Group: number
  LocalManagedPolicy: number
  AWSManagedPolicy: number
}

type Kind = keyof PagerAccount
const KINDS: Kind[] = ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy']
/** IAM's own limit: MaxItems above 1,000 still gets 1,000 a page. */
const IAM_MAX_ITEMS = 1000

/**
 * A loopback stand-in for iam:GetAccountAuthorizationDetails that pages and delays like IAM
 * (moto answers in one page): at most 1,000 items a page (MaxItems), `Marker`/`IsTruncated`,
 * `Filter.member.N`, and `delayMs` before every answer. It counts pages and the most requests it
 * had in flight at once. It does not prove IAM's exact page contents or ordering, nor any other
 * IAM call (everything else is a 400).
 */
export class IamPager {
  pages = 0
  inFlight = 0
  maxInFlight = 0
  readonly filtersSeen: string[][] = []

  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
  ) {}

  static async start(account: PagerAccount, delayMs: number): Promise<IamPager> {
    let pager: IamPager | undefined
    const server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
        if (form.get('Action') !== 'GetAccountAuthorizationDetails') {
          res.writeHead(400, { 'content-type': 'text/xml' })
          res.end(`<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>the pager answers only GetAccountAuthorizationDetails</Message></Error><RequestId>pager</RequestId></ErrorResponse>`)
          return
        }
        const p = pager!
        p.inFlight++
        p.maxInFlight = Math.max(p.maxInFlight, p.inFlight)
        setTimeout(() => {
          p.inFlight--
          p.pages++
          const filters = [...form.keys()].filter((k) => k.startsWith('Filter.member.')).map((k) => form.get(k)!)
          p.filtersSeen.push(filters)
          res.writeHead(200, { 'content-type': 'text/xml' })
          res.end(page(account, filters.length ? (filters as Kind[]) : KINDS, Number(form.get('MaxItems') ?? 100), Number(form.get('Marker') ?? 0)))
        }, delayMs)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    pager = new IamPager(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`)
    return pager
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}

/** One page: the `offset`-th item onward of the selected kinds, in a fixed order; the Marker is the next offset. */
function page(account: PagerAccount, kinds: Kind[], maxItems: number, offset: number): string {
  const items = kinds.flatMap((kind) => Array.from({ length: account[kind] }, (_, i) => ({ kind, i })))
  const slice = items.slice(offset, offset + Math.min(maxItems, IAM_MAX_ITEMS))
  const next = offset + slice.length
  const list = (kind: Kind) => slice.filter((it) => it.kind === kind).map((it) => member(kind, it.i)).join('')
  const policies = list('LocalManagedPolicy') + list('AWSManagedPolicy')
  return (
    `<GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccountAuthorizationDetailsResult>` +
    `<IsTruncated>${next < items.length}</IsTruncated>${next < items.length ? `<Marker>${next}</Marker>` : ''}` +
    `<UserDetailList>${list('User')}</UserDetailList><GroupDetailList>${list('Group')}</GroupDetailList>` +
    `<RoleDetailList>${list('Role')}</RoleDetailList><Policies>${policies}</Policies>` +
    `</GetAccountAuthorizationDetailsResult><ResponseMetadata><RequestId>pager-${offset}</RequestId></ResponseMetadata></GetAccountAuthorizationDetailsResponse>`
  )
}

const CREATED = '2024-01-01T00:00:00Z'
const DOC = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }))

function member(kind: Kind, i: number): string {
  switch (kind) {
    case 'User':
      return `<member><UserName>user-${i}</UserName><UserId>AIDA${i}</UserId><Arn>arn:aws:iam::123456789012:user/user-${i}</Arn><Path>/</Path><CreateDate>${CREATED}</CreateDate><GroupList><member>group-${i % 50}</member></GroupList></member>`
    case 'Group':
      return `<member><GroupName>group-${i}</GroupName><GroupId>AGPA${i}</GroupId><Arn>arn:aws:iam::123456789012:group/group-${i}</Arn><Path>/</Path><CreateDate>${CREATED}</CreateDate></member>`
    case 'Role':
      return `<member><RoleName>role-${i}</RoleName><RoleId>AROA${i}</RoleId><Arn>arn:aws:iam::123456789012:role/role-${i}</Arn><Path>/</Path><CreateDate>${CREATED}</CreateDate><AssumeRolePolicyDocument>${DOC}</AssumeRolePolicyDocument><RolePolicyList><member><PolicyName>inline</PolicyName><PolicyDocument>${DOC}</PolicyDocument></member></RolePolicyList></member>`
    case 'LocalManagedPolicy':
      return policy(`arn:aws:iam::123456789012:policy/local-${i}`, `local-${i}`)
    case 'AWSManagedPolicy':
      return policy(`arn:aws:iam::aws:policy/Managed${i}`, `Managed${i}`)
  }
}

function policy(arn: string, name: string): string {
  return `<member><PolicyName>${name}</PolicyName><PolicyId>ANPA${name}</PolicyId><Arn>${arn}</Arn><Path>/</Path><DefaultVersionId>v1</DefaultVersionId><AttachmentCount>1</AttachmentCount><CreateDate>${CREATED}</CreateDate><PolicyVersionList><member><Document>${DOC}</Document><VersionId>v1</VersionId><IsDefaultVersion>true</IsDefaultVersion></member></PolicyVersionList></member>`
}
