/**
 * What the AWS SDK sees when it reads the shared files itself (its default credential chain,
 * its config loaders): the same bytes iamkit validated and wrote, not a second read of the disk.
 * The SDK's file interceptor is loaded only with the SDK (it costs tens of milliseconds), so
 * commands that never load the SDK, such as credential-process with a stored session, skip it.
 */
interface Interceptor {
  interceptFile(path: string, text: string): void
}

const texts = new Map<string, string>()
let interceptor: Interceptor | undefined
let attaching: Promise<void> | undefined

/** Records what a shared file holds now; passed on at once when the SDK is already loaded. */
export function showToSdk(path: string, text: string): void {
  texts.set(path, text)
  interceptor?.interceptFile(path, text)
}

/** Called by the client factory before it creates any SDK client. */
export function attachSdkFileView(): Promise<void> {
  attaching ??= import('@smithy/shared-ini-file-loader').then(({ externalDataInterceptor }) => {
    interceptor = externalDataInterceptor
    for (const [path, text] of texts) externalDataInterceptor.interceptFile(path, text)
  })
  return attaching
}
