import type { Finding } from '../finding.js'

const NO_VIA: string[] = Object.freeze([]) as unknown as string[]

/**
 * An organization audit keeps every account's findings until the report is written, and most of
 * their texts repeat (every never-assumed role's detail, every statement a policy grants through):
 * one copy of each text for the whole run, instead of one per finding, keeps what is held per
 * account to the findings' own ids and names.
 */
export class SharedTexts {
  readonly #texts = new Map<string, string>()

  /** The same findings, their details and `via` entries replaced by the run's one copy of each text. */
  share(findings: Finding[]): Finding[] {
    for (const finding of findings) {
      finding.detail = this.#one(finding.detail)
      finding.via = finding.via.length ? finding.via.map((v) => this.#one(v)) : NO_VIA
    }
    return findings
  }

  #one(text: string): string {
    const held = this.#texts.get(text)
    if (held !== undefined) return held
    this.#texts.set(text, text)
    return text
  }
}
