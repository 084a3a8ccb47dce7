/** "in 3h 12m", "in 45m", "expired": how long a session has left, for people. */
export function timeLeft(secondsLeft: number): string {
  return secondsLeft <= 0 ? 'expired' : `in ${span(secondsLeft)}`
}

function span(seconds: number): string {
  const minutes = Math.floor(seconds / 60)
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  if (days > 0) return `${days}d ${hours}h`
  if (hours > 0) return `${hours}h ${minutes % 60}m`
  return `${Math.max(minutes, 1)}m`
}
