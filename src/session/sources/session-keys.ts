import type { SessionSource } from '../session-source.js'

/** A profile that itself holds temporary credentials: usable as a role's source as it is. */
export const sessionKeys: SessionSource = {
  name: 'session keys in the profile',
  async load(need) {
    if (need.plan.kind !== 'static') return undefined
    return { credentials: need.plan.credentials, reused: true, source: this.name }
  },
}
