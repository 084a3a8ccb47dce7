/**
 * Someone at a terminal who can approve an IAM Identity Center sign-in in a browser. Services
 * get one only where a person may be asked (`login` on a terminal), never for
 * `credential-process` or without a terminal.
 */
export interface SignInPerson {
  /** Opens the URL in the person's browser; resolves false when it could not (the URL is shown anyway). */
  openUrl?: (url: string) => Promise<boolean>
}
