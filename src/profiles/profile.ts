/** A named profile: the union of its credentials-file and config-file settings (SPEC §0). */
export interface Profile {
  name: string
  /** Credentials-file values win key by key, as in botocore. */
  settings: Readonly<Record<string, string>>
}

/** The section that holds `name` in the credentials file (`[name]`). */
export function credentialsSection(name: string): string {
  return name
}

/** The section that holds `name` in the config file: `[default]` or `[profile name]`. */
export function configSection(name: string): string {
  return name === 'default' ? 'default' : `profile ${name}`
}

/** Where iamkit keeps a profile's temporary credentials: `[<profile>-sts]`. */
export function sessionProfileName(name: string): string {
  return `${name}-sts`
}
