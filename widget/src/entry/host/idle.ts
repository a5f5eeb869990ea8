/** After the page's own work: requestIdleCallback where there is one (Safari has none). */
export function whenIdle(win: Window, fn: () => void): void {
  const idle = (win as Window & { requestIdleCallback?: Window['requestIdleCallback'] })
    .requestIdleCallback
  if (typeof idle === 'function') idle.call(win, fn, { timeout: 2000 })
  else win.setTimeout(fn, 50)
}
