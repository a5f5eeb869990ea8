// How figures read in the console: counts, percentages, durations, money, dates.
const int = new Intl.NumberFormat('en')
const pct = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 })

type Maybe = number | null | undefined

export const formatInt = (n: Maybe) => (n === null || n === undefined ? '—' : int.format(n))
export const formatPercent = (n: Maybe) => (n === null || n === undefined ? '—' : pct.format(n))
export const formatMs = (n: Maybe) =>
  n === null || n === undefined ? '—' : n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n} ms`

export function formatUsd(n: Maybe) {
  if (n === null || n === undefined) return '—'
  if (n === 0) return '$0.00'
  if (n < 0.01) return `$${n.toFixed(6).replace(/0+$/, '')}`
  return `$${n.toFixed(n < 1 ? 4 : 2)}`
}

export const formatTime = (iso: string | null | undefined) =>
  iso
    ? new Date(iso).toLocaleString('en-GB', {
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
      })
    : '—'

/** A URL's path and query: the host is the shop's own, the same on every row. */
export function shortUrl(url: string | null | undefined) {
  if (!url) return '—'
  try {
    const u = new URL(url)
    return u.pathname + u.search
  } catch {
    return url
  }
}
