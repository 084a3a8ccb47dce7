/**
 * What `iamkit credential-process` prints on stdout: the document on one line, as the AWS CLI
 * reads it, or with --json as every iamkit --json document is printed (report-failure.ts writeJson).
 */
export function credentialProcessText(document: object, json: boolean): string {
  return json ? `${JSON.stringify(document, null, 2)}\n` : `${JSON.stringify(document)}\n`
}
