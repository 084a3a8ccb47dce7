import { actionService } from '../document/action-pattern.js'
import { POLICY_VERSION, type PolicyDocument, type PolicyStatement } from '../document/model.js'
import type { RoleCall } from './role-usage.js'

/**
 * The least-privilege policy for a set of observed calls: each action on the ARNs its events
 * named when every one of its events named some, on `*` otherwise (the event gives no ARN to
 * scope to). One statement per service; a service whose actions touch different resources gets
 * one statement per resource set, so no action is granted on another action's resources.
 */
export function usagePolicy(calls: RoleCall[]): PolicyDocument {
  const resourcesByAction = new Map<string, Set<string> | '*'>()
  for (const { action, resourceArns } of calls) {
    const known = resourcesByAction.get(action)
    if (known === '*') continue
    if (resourceArns.length === 0) resourcesByAction.set(action, '*')
    else resourcesByAction.set(action, new Set([...(known ?? []), ...resourceArns]))
  }

  const groups = new Map<string, { service: string; resources: string[]; actions: string[] }>()
  for (const [action, resources] of resourcesByAction) {
    const service = actionService(action) ?? '*'
    const list = resources === '*' ? ['*'] : [...resources].sort()
    const key = `${service}\n${list.join('\n')}`
    const group = groups.get(key) ?? { service, resources: list, actions: [] }
    group.actions.push(action)
    groups.set(key, group)
  }

  const ordered = [...groups.values()].sort((a, b) => a.service.localeCompare(b.service) || a.resources.join().localeCompare(b.resources.join()))
  const perService = new Map<string, number>()
  const statements: PolicyStatement[] = ordered.map((g) => {
    const n = (perService.get(g.service) ?? 0) + 1
    perService.set(g.service, n)
    return {
      sid: `${sidFor(g.service)}${n > 1 ? n : ''}`,
      effect: 'Allow',
      actions: g.actions.sort(),
      resources: g.resources,
      conditions: [],
    }
  })
  return { version: POLICY_VERSION, statements }
}

// `access-analyzer` → `AccessAnalyzer`: a Sid holds letters and digits only.
function sidFor(service: string): string {
  return service
    .split(/[^a-z0-9]+/i)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('')
}
