/**
 * IAM's condition operators (IAM User Guide, "IAM JSON policy elements: Condition operators").
 * Every operator but `Null` takes an `IfExists` suffix; the set qualifiers `ForAllValues:` and
 * `ForAnyValue:` go in front of any operator but `Null`. IAM reads operator names as written.
 */
const BASE_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
]

const BASE = new Set(BASE_OPERATORS)

/** Whether IAM accepts `operator` in a Condition block. */
export function isConditionOperator(operator: string): boolean {
  if (operator === 'Null') return true
  const unqualified = operator.replace(/^(ForAllValues|ForAnyValue):/, '')
  return BASE.has(unqualified.replace(/IfExists$/, ''))
}

/** The operator IAM probably meant (`stringequals` → `StringEquals`), for the message. */
export function nearestOperator(operator: string): string | undefined {
  const lower = operator.toLowerCase().replace(/^(forallvalues|foranyvalue):/, '').replace(/ifexists?$/, '')
  return [...BASE_OPERATORS, 'Null'].find((o) => o.toLowerCase() === lower)
}
