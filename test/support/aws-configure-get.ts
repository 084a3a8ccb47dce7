import { spawn } from 'node:child_process'

/**
 * `aws configure get KEY --profile NAME` for many keys in one process: the AWS CLI's own driver,
 * called once per lookup, so the answers are the AWS CLI's without paying its start-up each time.
 * Undefined where the AWS CLI finds no value (or no profile).
 */
const SCRIPT = `
import contextlib, io, json, sys
from awscli.clidriver import create_clidriver
answers = []
for key, profile in json.loads(sys.stdin.read()):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = create_clidriver().main(['configure', 'get', key, '--profile', profile])
    answers.append(out.getvalue()[:-1] if code == 0 else None)
print(json.dumps(answers))
`

export async function awsConfigureGet(env: NodeJS.ProcessEnv, lookups: [key: string, profile: string][]): Promise<(string | undefined)[]> {
  const python = process.env.MOTO_PYTHON ?? 'python3'
  const child = spawn(python, ['-c', SCRIPT], { env, stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c) => (stdout += c))
  child.stderr.on('data', (c) => (stderr += c))
  child.stdin.end(JSON.stringify(lookups))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  if (code !== 0) throw new Error(`aws configure get (in ${python}) failed: ${stderr}`)
  return (JSON.parse(stdout) as (string | null)[]).map((v) => v ?? undefined)
}
