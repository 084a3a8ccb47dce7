import type { AwsClients } from '../../aws/clients.js'
import type { RegionAnalyzers } from '../account-data.js'

/** Analyzers of external access; UNUSED_ACCESS analyzers answer a different question. */
const EXTERNAL_ACCESS_TYPES = new Set(['ACCOUNT', 'ORGANIZATION'])

/**
 * accessanalyzer:ListAnalyzers in each region, all pages, side by side. A region that cannot be
 * read fails the whole source: "enabled in every region" cannot be judged from some of them.
 */
export async function collectAccessAnalyzers(clients: AwsClients, regions: readonly string[]): Promise<RegionAnalyzers[]> {
  const { ListAnalyzersCommand } = await import('@aws-sdk/client-accessanalyzer')
  return Promise.all(
    regions.map(async (region) => {
      const client = await clients.accessAnalyzer(region)
      const analyzers: RegionAnalyzers['analyzers'] = []
      let nextToken: string | undefined
      do {
        const page = await client.send(new ListAnalyzersCommand({ nextToken }))
        if (!page.analyzers) throw new Error(`accessanalyzer:ListAnalyzers in ${region} answered without an analyzer list`)
        for (const a of page.analyzers) {
          if (EXTERNAL_ACCESS_TYPES.has(a.type ?? '')) analyzers.push({ name: a.name ?? '', type: a.type ?? '', status: a.status ?? '' })
        }
        nextToken = page.nextToken
      } while (nextToken)
      return { region, analyzers }
    }),
  )
}
