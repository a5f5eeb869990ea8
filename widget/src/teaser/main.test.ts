import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { TeaserRule } from '../shared/api-types'
import { showTeaser } from './main'

let frame: HTMLDivElement
let launcher: HTMLButtonElement
let marks: string[]
let open: ReturnType<typeof vi.fn<() => void>>
let stop: (() => void) | undefined

beforeEach(() => {
  vi.useFakeTimers()
  document.body.innerHTML = ''
  const host = document.createElement('div')
  const root = host.attachShadow({ mode: 'open' })
  frame = document.createElement('div')
  frame.lang = 'en'
  launcher = document.createElement('button')
  launcher.setAttribute('aria-expanded', 'false')
  frame.append(launcher)
  root.append(frame)
  document.body.append(host)
  marks = []
  open = vi.fn<() => void>(() => launcher.setAttribute('aria-expanded', 'true'))
})

afterEach(() => {
  stop?.()
  vi.useRealTimers()
})

function start(rule: Partial<TeaserRule> = {}) {
  stop = showTeaser({
    win: window,
    frame,
    adopt: () => {},
    launcher,
    rule: {
      id: 'tables',
      pathPattern: '/products/*',
      text: 'Questions about this table? Ask me',
      ...rule,
    },
    mark: (event) => marks.push(event),
    open,
  })
}

const bubble = () => frame.querySelector<HTMLElement>('.teaser')
/** MutationObserver callbacks run as microtasks. */
const settle = () => vi.advanceTimersByTimeAsync(0)

describe('the teaser bubble', () => {
  it('appears by the launcher at once (the entry waited the delay) and is counted once', async () => {
    start({ delaySeconds: 8 })
    expect(bubble()?.getAttribute('role')).toBe('status')
    expect(bubble()?.querySelector('button')?.textContent).toBe(
      'Questions about this table? Ask me',
    )
    expect(marks).toEqual(['shown'])
  })

  it('opens the chat when chosen, and counts that as opened', async () => {
    start()
    bubble()?.querySelector('button')?.click()
    await settle()
    expect(open).toHaveBeenCalledOnce()
    expect(bubble()).toBeNull()
    expect(marks).toEqual(['shown', 'opened'])
  })

  it('goes away with its close button or Escape, without counting an open', async () => {
    start()
    bubble()?.querySelector<HTMLButtonElement>('.x')?.click()
    expect(bubble()).toBeNull()
    start()
    expect(bubble()?.querySelector('.x')?.getAttribute('aria-label')).toBe('Dismiss')
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
    expect(bubble()).toBeNull()
    expect(marks).toEqual(['shown', 'shown'])
  })

  it('waits for a page dialog to close, and hides while one is open', async () => {
    const dialog = document.createElement('div')
    dialog.setAttribute('role', 'dialog')
    dialog.setAttribute('aria-modal', 'true')
    document.body.append(dialog)
    start()
    expect(bubble()).toBeNull()
    dialog.remove()
    await settle()
    expect(bubble()?.hidden).toBe(false)
    const native = document.createElement('dialog')
    document.body.append(native)
    native.setAttribute('open', '')
    await settle()
    expect(bubble()?.hidden).toBe(true)
    // Escape belongs to the page's dialog then, not to the hidden bubble
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
    expect(bubble()).not.toBeNull()
    native.removeAttribute('open')
    await settle()
    expect(bubble()?.hidden).toBe(false)
    expect(marks).toEqual(['shown'])
  })

  it('never shows once the chat is open, and counts no open for a bubble never shown', async () => {
    launcher.setAttribute('aria-expanded', 'true')
    start()
    expect(bubble()).toBeNull()
    expect(marks).toEqual([])
  })

  it('waits for the scroll depth the rule asks for', async () => {
    Object.defineProperty(document.documentElement, 'scrollHeight', {
      value: 4000,
      configurable: true,
    })
    start({ scrollPercent: 50 })
    expect(bubble()).toBeNull()
    vi.spyOn(window, 'scrollY', 'get').mockReturnValue(2000)
    window.dispatchEvent(new Event('scroll'))
    expect(bubble()).not.toBeNull()
    delete (document.documentElement as { scrollHeight?: number }).scrollHeight
  })

  it('labels its close button in the widget language and its text in the text language', () => {
    start({ text: 'أسئلة عن هذا المنتج؟ اسألني', lang: 'ar', dismiss: 'إغلاق' })
    expect(bubble()?.querySelector('.x')?.getAttribute('aria-label')).toBe('إغلاق')
    expect(bubble()?.querySelector('button')?.lang).toBe('ar')
  })
})
