/**
 * Part of what the person typed, for a one-line error message: quoted (so spaces and control
 * characters are visible) and cut short, so a 10 KB value is not echoed whole.
 */
export function echo(value: string, max = 40): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value)
}
