import { appendFileSync } from 'node:fs'

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context)
  if (process.env.IAMKIT_SDK_PROBE && result.url.includes('/@aws-sdk/')) appendFileSync(process.env.IAMKIT_SDK_PROBE, `${result.url}\n`)
  return result
}
