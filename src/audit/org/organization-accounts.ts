import type { OrganizationsClient } from '@aws-sdk/client-organizations'

export interface OrgAccount {
  id: string
  name: string | null
}

export interface OrganizationListing {
  /** `o-…`; null when DescribeOrganization could not be read (a delegated administrator may lack it). */
  organizationId: string | null
  managementAccountId: string | null
  /** The ACTIVE accounts, sorted by id. */
  accounts: OrgAccount[]
}

/**
 * organizations:ListAccounts, all pages (20 a page is IAM's maximum), keeping ACTIVE accounts:
 * suspended and closing accounts cannot be assumed into. DescribeOrganization names the
 * organization, so that shard reports can prove they come from the same one.
 */
export async function listOrganizationAccounts(organizations: OrganizationsClient): Promise<OrganizationListing> {
  const { DescribeOrganizationCommand, ListAccountsCommand } = await import('@aws-sdk/client-organizations')
  const [description, accounts] = await Promise.all([
    organizations.send(new DescribeOrganizationCommand({})).then(
      (out) => out.Organization,
      () => undefined,
    ),
    (async () => {
      const found: OrgAccount[] = []
      let nextToken: string | undefined
      do {
        const page = await organizations.send(new ListAccountsCommand({ NextToken: nextToken }))
        if (!page.Accounts) throw new Error('organizations:ListAccounts answered without an account list')
        for (const a of page.Accounts) {
          // `State` replaces the deprecated `Status`; either says ACTIVE for a usable account.
          const state = (a as { State?: string }).State ?? a.Status
          if (a.Id && state === 'ACTIVE') found.push({ id: a.Id, name: a.Name ?? null })
        }
        nextToken = page.NextToken
      } while (nextToken)
      return found
    })(),
  ])
  return {
    organizationId: description?.Id ?? null,
    managementAccountId: description?.MasterAccountId ?? null,
    accounts: accounts.sort((a, b) => a.id.localeCompare(b.id)),
  }
}
