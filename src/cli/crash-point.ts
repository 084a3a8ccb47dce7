/**
 * Fault injection for the crash tests of `vault import|export|remove` and `rotate`: with
 * `IAMKIT_TEST_KILL_AT=<step>` the process SIGKILLs itself right after that step, exactly as a
 * power cut or `kill -9` would stop it (no finally blocks, no lock release). Unset in normal use.
 */
export function crashPoint(env: NodeJS.ProcessEnv = process.env): ((step: string) => void) | undefined {
  const at = env.IAMKIT_TEST_KILL_AT
  if (!at) return undefined
  return (step) => {
    if (step === at) process.kill(process.pid, 'SIGKILL')
  }
}
