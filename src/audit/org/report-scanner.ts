import { createReadStream } from 'node:fs'

import { UsageError } from '../../errors.js'

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d
const COMMA = 0x2c
// The key of the top-level object's findings, as JSON grammar lets it stand before its value.
const FINDINGS_KEY = /(?:^|[{,\s])"findings"\s*:\s*$/

/**
 * Reads a JSON audit report as it streams from disk: its findings one at a time, as `findings()`
 * yields them, and afterwards `document`, the report with `findings: []` (what remains is small:
 * counts, warnings, the run). Any valid JSON layout is read, not only iamkit's own.
 */
export class ReportScanner {
  #document: unknown

  constructor(readonly path: string) {}

  /** The report without its findings; known once `findings()` has been read to its end. */
  get document(): unknown {
    return this.#document
  }

  async *findings(): AsyncGenerator<unknown> {
    let outside = ''
    let element = ''
    let depth = 0
    let inString = false
    let escaped = false
    let inFindings = false
    let seenFindings = false
    let started = false
    const stream = createReadStream(this.path, { encoding: 'utf8', highWaterMark: 256 * 1024 })
    try {
      for await (const chunk of stream as AsyncIterable<string>) {
        // `from` is where the text not yet copied (to `outside`, or to the finding being read) starts.
        let from = 0
        let elementStart = inFindings && depth > 2 ? 0 : -1
        for (let i = 0; i < chunk.length; i++) {
          const c = chunk.charCodeAt(i)
          if (inString) {
            if (escaped) escaped = false
            else if (c === BACKSLASH) escaped = true
            else if (c === QUOTE) inString = false
            continue
          }
          if (!started) {
            if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue
            if (c !== OPEN_OBJECT) throw this.#notAReport()
            started = true
          }
          if (c === QUOTE) {
            if (inFindings && depth === 2) throw this.#notAReport('its findings are not all objects')
            inString = true
          } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
            if (inFindings && depth === 2) {
              if (c !== OPEN_OBJECT) throw this.#notAReport('its findings are not all objects')
              elementStart = i
            }
            depth++
            if (!inFindings && depth === 2 && c === OPEN_ARRAY) {
              outside += chunk.slice(from, i + 1)
              from = i + 1
              if (FINDINGS_KEY.test(outside.slice(-65, -1))) {
                if (seenFindings) throw this.#notAReport('it has two lists of findings')
                inFindings = seenFindings = true
              }
            }
          } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
            depth--
            if (inFindings && depth === 2) {
              element += chunk.slice(elementStart, i + 1)
              elementStart = -1
              yield this.#parse(element)
              element = ''
            } else if (inFindings && depth === 1) {
              inFindings = false
              from = i
            }
          } else if (inFindings && depth === 2 && c !== COMMA && c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
            throw this.#notAReport('its findings are not all objects')
          }
        }
        if (inFindings) {
          if (elementStart !== -1) element += chunk.slice(elementStart)
        } else {
          outside += chunk.slice(from)
        }
      }
    } catch (err) {
      if (err instanceof UsageError) throw err
      throw new UsageError('MERGE_INPUT', `cannot read ${this.path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
    } finally {
      stream.destroy()
    }
    try {
      this.#document = JSON.parse(outside)
    } catch {
      throw this.#notAReport()
    }
  }

  #parse(text: string): unknown {
    try {
      return JSON.parse(text)
    } catch {
      throw this.#notAReport()
    }
  }

  #notAReport(why?: string): UsageError {
    return new UsageError('MERGE_INPUT', `${this.path} is not a JSON audit report${why ? ` (${why})` : ''} (write shards with --format json)`)
  }
}
