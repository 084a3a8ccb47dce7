import { defineRule } from './rule.js'
import { regionResource } from './account-resource.js'

export const accessAnalyzerDisabled = defineRule({
  type: 'ACCESS_ANALYZER_DISABLED',
  severity: 'low',
  title: 'Region without an active IAM Access Analyzer for external access',
  remediation: 'Create an analyzer in the region (aws accessanalyzer create-analyzer --analyzer-name external --type ACCOUNT --region …), or one of type ORGANIZATION from the delegated administrator.',
  needs: ['accessAnalyzers'],
  check({ accessAnalyzers }, settings) {
    return accessAnalyzers
      .filter((region) => !region.analyzers.some((a) => a.status === 'ACTIVE'))
      .map((region) => ({
        resource: regionResource(settings, region.region),
        detail: region.analyzers.length
          ? `no analyzer of external access is ACTIVE in ${region.region} (${region.analyzers.map((a) => `${a.name}: ${a.status}`).join(', ')})`
          : `no analyzer of external access in ${region.region}`,
        discriminator: region.region,
      }))
  },
})
