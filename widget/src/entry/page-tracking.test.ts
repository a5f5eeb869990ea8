import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { trackPage } from './page-tracking'

beforeEach(() => {
  vi.useFakeTimers()
  document.head.innerHTML =
    '<script type="application/ld+json">{"@type":"Product","name":"Oak Side Table"}</script>'
  document.title = 'Oak Side Table'
})
afterEach(() => {
  vi.useRealTimers()
})

describe('trackPage', () => {
  it('reads the page fresh each time, with the extras merged until they are dropped', () => {
    const page = trackPage(window, () => {})
    page.setContext({ cart: 2 })
    page.setContext({ coupon: 'OAK10' })
    expect(page.read()).toMatchObject({
      title: 'Oak Side Table',
      extra: { cart: 2, coupon: 'OAK10' },
    })
    document.title = 'Walnut Chair'
    page.setContext(null)
    expect(page.read().title).toBe('Walnut Chair')
    // what is sent: JSON leaves an undefined field out
    expect(JSON.parse(JSON.stringify(page.read()))).not.toHaveProperty('extra')
    expect(page.describe()).toBe('Oak Side Table')
    page.dispose()
  })

  it('reports an SPA navigation once it has settled, and stops when disposed', () => {
    const onNavigate = vi.fn()
    const page = trackPage(window, onNavigate)
    history.pushState({}, '', '#a')
    history.replaceState({}, '', '#b')
    vi.advanceTimersByTime(299)
    expect(onNavigate).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(onNavigate).toHaveBeenCalledOnce()
    history.pushState({}, '', '#c')
    page.dispose()
    vi.advanceTimersByTime(1000)
    expect(onNavigate).toHaveBeenCalledOnce()
  })
})
