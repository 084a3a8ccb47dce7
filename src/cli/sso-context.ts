import { systemClock } from '../clock.js'
import type { SsoContext, SsoServices } from '../sso/sso-role-session.js'
import { SsoTokenCache } from '../sso/token-cache.js'
import { openInBrowser } from './browser.js'
import { isInteractive } from './terminal.js'

/**
 * IAM Identity Center for a command: the token cache the AWS CLI shares, and a person who may
 * approve a new sign-in only when iamkit runs on a terminal (the browser opened for them unless
 * --no-browser or there is no desktop).
 */
export function ssoContext(services: SsoServices, options: { browser: boolean; person: boolean }): SsoContext {
  const person = options.person && isInteractive()
  return {
    cache: SsoTokenCache.forHome(),
    services,
    clock: systemClock,
    ...(person ? { person: options.browser ? { openUrl: (url: string) => openInBrowser(url) } : {} } : {}),
  }
}
