import { describe, expect, it } from 'vitest'

import { fishCompletion } from '../../../src/cli/fish-completion.js'

describe('fishCompletion', () => {
  const script = fishCompletion('iamkit', '9.9.9', [
    { id: 'login', summary: "Log in with the profile's key.\nSecond line.", flags: { force: { name: 'force', char: 'f', type: 'boolean', summary: 'Ask again' }, browser: { name: 'browser', type: 'boolean', allowNo: true } } },
    { id: 'policy:user', summary: 'A back\\slash', flags: { out: { name: 'out', type: 'option', helpValue: 'FILE' }, format: { name: 'format', type: 'option', options: ['json', 'csv'] } } },
    { id: 'secret', hidden: true, summary: 'never offered', flags: {} },
    { id: 'status', flags: { internal: { name: 'internal', type: 'boolean', hidden: true }, region: { name: 'region', type: 'option', helpValue: 'REGION' } } },
  ], [{ name: 'policy', description: 'Write and lint IAM policies' }])

  it('quotes descriptions for fish (a quote and a backslash survive) and keeps their first line', () => {
    expect(script).toContain("complete -c iamkit -n '__iamkit_at \\'\\'' -a 'login' -d 'Log in with the profile\\'s key'")
    expect(script).toContain("-d 'A back\\\\slash'")
    expect(script).not.toContain('Second line')
  })

  it('offers topics at the top and subcommands after their topic, never hidden commands or flags', () => {
    expect(script).toContain("-a 'policy' -d 'Write and lint IAM policies'")
    expect(script).toContain("complete -c iamkit -n '__iamkit_at \\'policy\\'' -a 'user'")
    expect(script).not.toMatch(/secret|internal/)
  })

  it('completes fixed values, file names for FILE flags, and nothing for free values; --no- for negatable switches', () => {
    expect(script).toContain("-l format -x -a 'json csv'")
    expect(script).toContain('-l out -r -F')
    expect(script).toContain('-l region -x')
    expect(script).toContain("complete -c iamkit -n '__iamkit_in \\'login\\'' -l force -s f -d 'Ask again'")
    expect(script).toContain("-l no-browser")
  })
})
