import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

/**
 * Two shortcuts the bundle takes in oclif's help rendering (scripts/bundle-cli.mjs), proven here
 * against the very packages oclif uses; test/integration/bundle.test.ts compares the bundle's
 * help for every command with stock oclif's, byte for byte.
 */
const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
const fromOclif = createRequire(createRequire(import.meta.url).resolve('@oclif/core'))
const stringWidth = fromOclif('string-width') as (text: string) => number
const ejs = fromOclif('ejs') as { render(template: string, data: object): string }
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/

const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i))
const manifest = JSON.parse(readFileSync(`${ROOT}/oclif.manifest.json`, 'utf8')) as { commands: Record<string, Record<string, unknown>> }
// Every string help shows: summaries, descriptions, examples, flag and argument texts.
const helpStrings = JSON.stringify(manifest)
  .match(/"(?:[^"\\]|\\.)*"/g)!
  .map((literal) => JSON.parse(literal) as string)

describe("help's text measuring: string-width of printable ASCII is its length", () => {
  it('for every printable ASCII character and every pair of them (string-width 4, as oclif has it)', () => {
    expect(fromOclif('string-width/package.json').version).toMatch(/^4\./)
    for (const a of printable) {
      expect(stringWidth(a), a).toBe(1)
      for (const b of printable) expect(stringWidth(a + b), a + b).toBe(2)
    }
  })

  it("for every printable-ASCII word and line of iamkit's help, and only those take the shortcut", () => {
    const pieces = helpStrings.flatMap((text) => [text, ...text.split('\n'), ...text.split(/\s+/)])
    const ascii = pieces.filter((piece) => PRINTABLE_ASCII.test(piece))
    expect(ascii.length).toBeGreaterThan(1000)
    for (const piece of ascii) expect(stringWidth(piece), piece).toBe(piece.length)
    // Not printable ASCII, not the shortcut: a tab, an escape code, a wide character, an emoji.
    for (const other of ['a\tb', '\u001b[1mbold\u001b[22m', '漢字', 'ok ✅']) expect(PRINTABLE_ASCII.test(other)).toBe(false)
  })
})

describe("help's templates: a string without an ejs delimiter renders as itself", () => {
  const context = { config: { bin: 'iamkit' }, opts: {} }
  it("for every string of iamkit's help that holds neither '<%' nor '%>'", () => {
    const plain = helpStrings.filter((text) => !text.includes('<%') && !text.includes('%>'))
    expect(plain.length).toBeGreaterThan(500)
    for (const text of plain) expect(ejs.render(text, context)).toBe(text)
  })

  it("and for text made to look close to a template (ejs's other delimiters all contain one of the two)", () => {
    for (const text of ['<% ', ' %>', '<%%', '%%>', '-%>', '_%>', '<%=']) expect(text.includes('<%') || text.includes('%>')).toBe(true)
    for (const text of ['100% done', '<b>', '% >', '< %', 'a%b>c<d%', '"quoted" \\ back\\slash\r\n']) expect(ejs.render(text, context)).toBe(text)
  })

  it("while strings with a template are still ejs's (iamkit's examples use <%= config.bin %>)", () => {
    expect(helpStrings.some((text) => text.includes('<%= config.bin %>'))).toBe(true)
    expect(ejs.render('<%= config.bin %> login', context)).toBe('iamkit login')
  })
})
