/** The global condition keys that carry a request's MFA context (IAM User Guide, "AWS global condition context keys"). */
export const MFA_PRESENT_KEY = 'aws:MultiFactorAuthPresent'
export const MFA_AGE_KEY = 'aws:MultiFactorAuthAge'
