import { UsageError } from '../../errors.js'
import {
  type Condition,
  type Effect,
  type PolicyDocument,
  type PolicyStatement,
  type Principal,
  PRINCIPAL_TYPES,
  type PrincipalType,
} from './model.js'

/** A document IAM would reject as malformed; the message names the JSON path at fault. */
export class PolicyGrammarError extends UsageError {
  constructor(
    readonly jsonPath: string,
    problem: string,
  ) {
    super('INVALID_POLICY', `policy document: ${jsonPath} ${problem}`)
  }
}

const DOCUMENT_FIELDS = new Set(['Version', 'Id', 'Statement'])
const STATEMENT_FIELDS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
])
const VERSIONS = new Set(['2012-10-17', '2008-10-17'])

/**
 * Reads a policy document given as JSON text, URL-encoded JSON text (as IAM's Get*Policy and
 * GetAccountAuthorizationDetails return documents) or an already parsed object, checking it
 * against IAM's grammar: known element names (case-sensitive, as IAM reads them), Effect,
 * exactly one of Action/NotAction, at most one of Resource/NotResource and of
 * Principal/NotPrincipal, and the shapes of Principal and Condition.
 */
export function parsePolicyDocument(input: unknown): PolicyDocument {
  const json = typeof input === 'string' ? parseText(input) : input
  const root = requireObject(json, '$')
  for (const field of Object.keys(root)) {
    if (!DOCUMENT_FIELDS.has(field)) throw new PolicyGrammarError(`$.${field}`, 'is not a policy element (Version, Id, Statement)')
  }
  const document: PolicyDocument = { statements: [] }
  if (root.Version !== undefined) {
    if (typeof root.Version !== 'string' || !VERSIONS.has(root.Version)) {
      throw new PolicyGrammarError('$.Version', `must be "2012-10-17" (got ${JSON.stringify(root.Version)})`)
    }
    document.version = root.Version
  }
  if (root.Id !== undefined) document.id = requireString(root.Id, '$.Id')
  if (root.Statement === undefined) throw new PolicyGrammarError('$.Statement', 'is missing')
  if (Array.isArray(root.Statement)) {
    document.statements = root.Statement.map((s, i) => parseStatement(s, `$.Statement[${i}]`))
  } else {
    document.statements = [parseStatement(root.Statement, '$.Statement')]
  }
  return document
}

function parseText(text: string): unknown {
  const trimmed = text.trim()
  let source = trimmed
  if (!trimmed.startsWith('{') && trimmed.includes('%')) {
    try {
      source = decodeURIComponent(trimmed)
    } catch {
      throw new PolicyGrammarError('$', 'is neither JSON nor URL-encoded JSON')
    }
  }
  try {
    return JSON.parse(source)
  } catch (err) {
    throw new PolicyGrammarError('$', `is not valid JSON (${(err as Error).message})`)
  }
}

function parseStatement(value: unknown, path: string): PolicyStatement {
  const raw = requireObject(value, path)
  for (const field of Object.keys(raw)) {
    if (!STATEMENT_FIELDS.has(field)) throw new PolicyGrammarError(`${path}.${field}`, 'is not a statement element')
  }
  exclusive(raw, path, 'Action', 'NotAction', true)
  exclusive(raw, path, 'Resource', 'NotResource', false)
  exclusive(raw, path, 'Principal', 'NotPrincipal', false)

  const statement: PolicyStatement = { effect: parseEffect(raw.Effect, `${path}.Effect`), conditions: [] }
  if (raw.Sid !== undefined) statement.sid = requireString(raw.Sid, `${path}.Sid`)
  if (raw.Action !== undefined) statement.actions = stringList(raw.Action, `${path}.Action`)
  if (raw.NotAction !== undefined) statement.notActions = stringList(raw.NotAction, `${path}.NotAction`)
  if (raw.Resource !== undefined) statement.resources = stringList(raw.Resource, `${path}.Resource`)
  if (raw.NotResource !== undefined) statement.notResources = stringList(raw.NotResource, `${path}.NotResource`)
  if (raw.Principal !== undefined) statement.principal = parsePrincipal(raw.Principal, `${path}.Principal`)
  if (raw.NotPrincipal !== undefined) statement.notPrincipal = parsePrincipal(raw.NotPrincipal, `${path}.NotPrincipal`)
  if (raw.Condition !== undefined) statement.conditions = parseConditions(raw.Condition, `${path}.Condition`)
  return statement
}

function exclusive(raw: Record<string, unknown>, path: string, a: string, b: string, required: boolean): void {
  if (raw[a] !== undefined && raw[b] !== undefined) throw new PolicyGrammarError(path, `has both ${a} and ${b}; keep one`)
  if (required && raw[a] === undefined && raw[b] === undefined) throw new PolicyGrammarError(path, `needs ${a} or ${b}`)
}

function parseEffect(value: unknown, path: string): Effect {
  if (value === 'Allow' || value === 'Deny') return value
  if (value === undefined) throw new PolicyGrammarError(path, 'is missing (must be "Allow" or "Deny")')
  throw new PolicyGrammarError(path, `must be "Allow" or "Deny" (got ${JSON.stringify(value)})`)
}

function parsePrincipal(value: unknown, path: string): Principal {
  if (value === '*') return '*'
  const raw = requireObject(value, path, 'must be "*" or an object such as {"AWS": "arn:aws:iam::123456789012:root"}')
  const entries = Object.entries(raw)
  if (entries.length === 0) throw new PolicyGrammarError(path, 'names no principal')
  const principal: Partial<Record<PrincipalType, string[]>> = {}
  for (const [type, ids] of entries) {
    if (!(PRINCIPAL_TYPES as readonly string[]).includes(type)) {
      throw new PolicyGrammarError(`${path}.${type}`, `is not a principal type (${PRINCIPAL_TYPES.join(', ')})`)
    }
    principal[type as PrincipalType] = stringList(ids, `${path}.${type}`)
  }
  return principal
}

function parseConditions(value: unknown, path: string): Condition[] {
  const block = requireObject(value, path)
  const conditions: Condition[] = []
  for (const [operator, keys] of Object.entries(block)) {
    const keyBlock = requireObject(keys, `${path}.${operator}`)
    for (const [key, values] of Object.entries(keyBlock)) {
      conditions.push({ operator, key, values: conditionValues(values, `${path}.${operator}["${key}"]`) })
    }
  }
  return conditions
}

// IAM compares condition values as text; JSON numbers and booleans are accepted and mean the same.
function conditionValues(value: unknown, path: string): string[] {
  const list = Array.isArray(value) ? value : [value]
  return list.map((v, i) => {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v)
    throw new PolicyGrammarError(Array.isArray(value) ? `${path}[${i}]` : path, 'must be a string, number or boolean')
  })
}

function stringList(value: unknown, path: string): string[] {
  if (typeof value === 'string') return [value]
  if (!Array.isArray(value)) throw new PolicyGrammarError(path, 'must be a string or a list of strings')
  return value.map((v, i) => requireString(v, `${path}[${i}]`))
}

function requireString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new PolicyGrammarError(path, `must be a string (got ${JSON.stringify(value)})`)
  return value
}

function requireObject(value: unknown, path: string, problem = 'must be a JSON object'): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PolicyGrammarError(path, problem)
  return value as Record<string, unknown>
}
