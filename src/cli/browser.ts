
/**
 * Whether a browser can be opened for the person: `$BROWSER` names one, or there is a desktop
 * (macOS, Windows, or a Linux X11/Wayland session). Over SSH without a forwarded display there
 * is none, and iamkit shows or prints the URL instead.
 */
export function canOpenBrowser(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  if (env.BROWSER) return true
  if (platform === 'darwin' || platform === 'win32') return true
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY)
}

/** An opener still running after this long is taken to have opened the page (a browser may stay in the foreground). */
const GRACE_MS = 1_000

/**
 * Opens `url` in the person's browser: `$BROWSER` (a command, as in Python's webbrowser and
 * git; the URL is its last argument), else the desktop's opener. Resolves false when nothing
 * could be started or the opener failed at once (xdg-open without a handler), so the caller
 * shows the URL instead. The URL goes to the opener as one argument, never through a shell's
 * parsing, because sign-in URLs carry `&` and tokens.
 */
export async function openInBrowser(url: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  if (!canOpenBrowser(env, platform)) return false
  const [command, args] = opener(url, env, platform)
  // node:child_process is loaded when a browser is opened, not by every start of login.
  const { spawn } = await import('node:child_process')
  return new Promise((resolve) => {
    try {
      const child = spawn(command, args, { detached: true, stdio: 'ignore', env })
      // Until the answer is known, the child and the timer keep iamkit running; then the browser is on its own.
      const settle = (opened: boolean) => {
        clearTimeout(timer)
        child.unref()
        resolve(opened)
      }
      const timer = setTimeout(() => settle(true), GRACE_MS)
      child.once('error', () => settle(false))
      child.once('exit', (code) => settle(code === 0))
    } catch {
      resolve(false)
    }
  })
}

function opener(url: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): [string, string[]] {
  const browser = env.BROWSER?.split(':')[0]?.trim()
  // `sh -c '$BROWSER "$1"'`: the shell splits the command's own words, the URL stays one argument.
  if (browser) return ['/bin/sh', ['-c', `${browser} "$1"`, 'iamkit-browser', url]]
  if (platform === 'darwin') return ['open', [url]]
  if (platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler', url]]
  return ['xdg-open', [url]]
}
