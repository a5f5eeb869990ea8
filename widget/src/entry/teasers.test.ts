import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { TeaserModule } from '../shared/teaser-contract'
import { createEvents } from './events'
import type { LauncherHost } from './launcher-host'
import { matchesPath, watchTeasers } from './teasers'

describe('matchesPath', () => {
  it.each([
    ['/products/*', '/products/oak-table.html', true],
    ['/products/*', '/products/', true],
    ['/products/*', '/products', false],
    ['/products/*', '/products/tables/oak.html', false],
    ['/products/**', '/products/tables/oak.html', true],
    ['/*/sale', '/de/sale', true],
    ['/products/*-table.html', '/products/oak-table.html', true],
    ['/products/*-table.html', '/products/oak-tablexhtml', false],
    ['/faq.html', '/faq.html', true],
    ['/faq.html', '/faq.html/more', false],
  ])('%s against %s: %s', (pattern, path, expected) => {
    expect(matchesPath(pattern, path)).toBe(expected)
  })

  it('reads every other character literally, never as a regular expression', () => {
    expect(matchesPath('/(a+)+$', '/aaaa')).toBe(false)
    expect(matchesPath('/(a+)+$', '/(a+)+$')).toBe(true)
    expect(matchesPath('/a.b', '/axb')).toBe(false)
  })
})

describe('watchTeasers', () => {
  const rules = [
    { id: 'faq', pathPattern: '/faq/*', text: 'FAQ?' },
    { id: 'products', pathPattern: '/products/*', text: 'Ask me' },
  ]
  let counts: string[]
  let module: TeaserModule
  const host = {
    shadow: { frame: document.createElement('div'), adopt: () => {} },
  } as unknown as LauncherHost

  beforeEach(() => {
    sessionStorage.clear()
    history.replaceState(null, '', '/products/oak-table.html')
    counts = []
    module = { showTeaser: vi.fn(() => () => {}) }
  })

  function watch(events = createEvents()) {
    const load = vi.fn(async () => module)
    const stop = watchTeasers({
      win: window,
      host,
      rules,
      count: (id, event) => counts.push(`${id}:${event}`),
      events,
      open: () => {},
      load,
      key: 'parley:pk_demo:teaser',
    })
    return { load, stop, events }
  }

  it('downloads the bubble only on a page a rule matches, with that rule', async () => {
    const { load } = watch()
    await vi.waitFor(() => expect(module.showTeaser).toHaveBeenCalledOnce())
    expect(load).toHaveBeenCalledOnce()
    expect(vi.mocked(module.showTeaser).mock.calls[0]?.[0].rule.id).toBe('products')
    history.replaceState(null, '', '/about.html')
    expect(watch().load).not.toHaveBeenCalled()
  })

  it('downloads the bubble only once the rule delay has passed', async () => {
    vi.useFakeTimers()
    try {
      ;(rules[1] as { delaySeconds?: number }).delaySeconds = 8
      const { load } = watch()
      await vi.advanceTimersByTimeAsync(7_900)
      expect(load).not.toHaveBeenCalled()
      await vi.advanceTimersByTimeAsync(100)
      expect(load).toHaveBeenCalledOnce()
    } finally {
      delete (rules[1] as { delaySeconds?: number }).delaySeconds
      vi.useRealTimers()
    }
  })

  it('shows no second teaser in a tab that had one', () => {
    sessionStorage.setItem('parley:pk_demo:teaser', 'faq')
    expect(watch().load).not.toHaveBeenCalled()
  })

  it('keeps what happened for the tab and counts it, then the question it led to, once', async () => {
    const { events } = watch()
    await vi.waitFor(() => expect(module.showTeaser).toHaveBeenCalledOnce())
    const { mark } = vi.mocked(module.showTeaser).mock.calls[0]?.[0] ?? {}
    mark?.('shown')
    expect(sessionStorage.getItem('parley:pk_demo:teaser')).toBe('products')
    events.emit('message', { role: 'user' })
    mark?.('opened')
    expect(sessionStorage.getItem('parley:pk_demo:teaser')).toBe('>products')
    events.emit('message', { role: 'assistant' })
    events.emit('message', { role: 'user' })
    events.emit('message', { role: 'user' })
    expect(counts).toEqual(['products:shown', 'products:opened', 'products:asked'])
    expect(sessionStorage.getItem('parley:pk_demo:teaser')).toBe('products')
  })

  it('counts the question on a later page of the tab, where no rule matches', () => {
    sessionStorage.setItem('parley:pk_demo:teaser', '>products')
    history.replaceState(null, '', '/about.html')
    const { events, load } = watch()
    events.emit('message', { role: 'user' })
    expect(load).not.toHaveBeenCalled()
    expect(counts).toEqual(['products:asked'])
  })
})
