import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { WidgetConfig } from './config'
import { installParley } from './parley'
import type { ParleyApi } from './public-api'

const config: WidgetConfig = {
  botKey: 'pk_demo',
  apiBase: 'https://edge.example',
  scriptSrc: 'https://edge.example/widget.js',
  position: 'right',
  theme: 'light',
  open: false,
  selection: true,
}

const bot = {
  key: 'pk_demo',
  name: 'Oak & Ember Assistant',
  welcome: 'Hi! Ask me anything.',
  starterQuestions: ['What is your return policy?'],
  theme: { color: '#7c4a1e' },
  model: { id: 'offline-extractive', offline: true },
}

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  })
}

const answer = [
  { type: 'start', messageId: 'a1' },
  {
    type: 'source-url',
    sourceId: 's',
    url: 'https://shop.example/returns',
    title: 'Returns policy',
  },
  { type: 'text-delta', id: 't', delta: 'Returns are free for **30 days**.' },
  {
    type: 'data-suggestions',
    data: { actions: [{ label: 'Contact us', payload: 'How do I contact you?' }] },
  },
  { type: 'finish' },
]
  .map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`)
  .join('')

let fetchMock: ReturnType<typeof vi.fn>

beforeEach(() => {
  localStorage.clear()
  document.body.innerHTML = ''
  fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input).replace('https://edge.example', '')
    if (path === '/v1/bots/pk_demo') return json(200, bot)
    if (path === '/v1/sessions') return json(201, { sessionId: 's1', token: 'v1.t' })
    if (path === '/v1/chat' && init?.method === 'POST') {
      return new Response(answer, { headers: { 'content-type': 'text/event-stream' } })
    }
    return json(404, { error: { code: 'not_found', message: path } })
  })
  vi.stubGlobal('fetch', fetchMock)
})

afterEach(() => {
  ;(window as { Parley?: ParleyApi }).Parley?.destroy?.()
  vi.unstubAllGlobals()
})

function shadow() {
  const root = document.querySelector('parley-widget')?.shadowRoot
  if (!root) throw new Error('no widget host')
  return root
}

const realPanel = () => import('../panel/main')

describe('installParley', () => {
  it('leaves the page alone until the browser is idle: no host, no storage, no request', async () => {
    const idle: IdleRequestCallback[] = []
    vi.stubGlobal('requestIdleCallback', (callback: IdleRequestCallback) => idle.push(callback))
    const getItem = vi.spyOn(Storage.prototype, 'getItem')
    installParley(window, config, realPanel)
    expect(typeof (window as { Parley?: ParleyApi }).Parley?.open).toBe('function')
    expect(document.querySelector('parley-widget')).toBeNull()
    expect(fetchMock).not.toHaveBeenCalled()
    expect(getItem).not.toHaveBeenCalled()

    for (const callback of idle) callback({ didTimeout: false, timeRemaining: () => 50 })
    expect(shadow().querySelector('.launcher')).not.toBeNull()
    await vi.waitFor(() =>
      expect(fetchMock).toHaveBeenCalledWith(
        'https://edge.example/v1/bots/pk_demo',
        expect.anything(),
      ),
    )
  })

  it('starts at once when the page opens the chat before the browser was idle', async () => {
    vi.stubGlobal('requestIdleCallback', () => 0)
    const parley = installParley(window, config, realPanel)
    await parley.open()
    expect(shadow().querySelector('[role="dialog"]')).not.toBeNull()
  })

  it('installs window.Parley, a launcher, and fires ready after the bot config loads', async () => {
    const ready = vi.fn()
    const parley = installParley(window, config, realPanel)
    parley.on('ready', ready)
    expect((window as { Parley?: unknown }).Parley).toBe(parley)
    const launcher = shadow().querySelector('button')
    expect(launcher?.getAttribute('aria-label')).toBe('Open chat')
    expect(launcher?.getAttribute('aria-expanded')).toBe('false')
    await vi.waitFor(() => expect(ready).toHaveBeenCalledOnce())
    expect(shadow().adoptedStyleSheets.length).toBeGreaterThan(0)
    expect(document.querySelectorAll('style')).toHaveLength(0)
  })

  it('replays calls queued before the script loaded, in order', async () => {
    const calls: string[] = []
    ;(window as { Parley?: unknown }).Parley = {
      q: [
        ['on', 'open', () => calls.push('open')],
        ['setContext', { cart: 2 }],
        ['open'],
        ['noSuchMethod'],
      ],
    }
    const loadPanel = vi.fn(realPanel)
    installParley(window, config, loadPanel)
    await vi.waitFor(() => expect(calls).toEqual(['open']))
    expect(loadPanel).toHaveBeenCalledOnce()
    expect(shadow().querySelector('[role="dialog"]')?.getAttribute('aria-label')).toBe(
      'Oak & Ember Assistant',
    )
  })

  it('loads the panel only when it is first opened', async () => {
    const loadPanel = vi.fn(realPanel)
    const parley = installParley(window, config, loadPanel)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(loadPanel).not.toHaveBeenCalled()
    expect(shadow().querySelector('[role="dialog"]')).toBeNull()
    await parley.open()
    expect(loadPanel).toHaveBeenCalledOnce()
    expect(shadow().querySelector('button')?.getAttribute('aria-expanded')).toBe('true')
  })

  it('ask() opens the panel, sends the text with the page context, and reports both messages', async () => {
    document.title = 'Oak Side Table'
    const messages: unknown[] = []
    const parley = installParley(window, config, realPanel)
    parley.setContext({ cart: 2 })
    parley.on('message', (m) => messages.push(m))
    await parley.ask('What is your return policy?')
    await vi.waitFor(() => expect(messages).toHaveLength(2))
    const chat = fetchMock.mock.calls.find(([url]) => String(url).endsWith('/v1/chat'))
    const body = JSON.parse(String(chat?.[1]?.body))
    expect(body).toMatchObject({
      sessionId: 's1',
      message: { text: 'What is your return policy?' },
      context: { title: 'Oak Side Table', extra: { cart: 2 } },
    })
    expect(messages[1]).toEqual({
      id: 'a1',
      role: 'assistant',
      content: 'Returns are free for **30 days**.',
    })
    await vi.waitFor(() =>
      expect(shadow().querySelector('.sources a')?.textContent).toBe('Returns policy'),
    )
    const root = shadow()
    expect(root.querySelector('.assistant strong')?.textContent).toBe('30 days')
    expect(root.querySelector('[aria-live="polite"]')?.textContent).toBe(
      'Returns are free for 30 days.',
    )
    expect([...root.querySelectorAll('.chip')].map((b) => b.textContent)).toEqual(['Contact us'])
    expect(root.querySelector('.badge')?.textContent).toBe('Offline model')
    expect(JSON.parse(localStorage.getItem('parley:pk_demo') ?? '')).toEqual({
      sessionId: 's1',
      token: 'v1.t',
    })
  })

  it('closes on Escape and emits open and close once each', async () => {
    const events: string[] = []
    const parley = installParley(window, config, realPanel)
    parley.on('open', () => events.push('open'))
    parley.on('close', () => events.push('close'))
    await parley.open()
    await parley.open()
    const dialog = shadow().querySelector('[role="dialog"]') as HTMLElement
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    expect(events).toEqual(['open', 'close'])
    await vi.waitFor(() => expect(dialog.hidden).toBe(true))
  })

  it('reports a panel that fails to load through the error event, never by throwing', async () => {
    const errors: unknown[] = []
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const parley = installParley(window, config, () => Promise.reject(new Error('chunk 404')))
    parley.on('error', (e) => errors.push(e))
    await expect(parley.open()).resolves.toBeUndefined()
    expect(errors).toEqual([{ code: 'load_failed:panel', message: 'chunk 404' }])
    expect(shadow().querySelector('button')?.getAttribute('aria-expanded')).toBe('false')
  })

  it('destroy() removes every trace so the script can be loaded again', async () => {
    const pushState = history.pushState
    const parley = installParley(window, config, realPanel)
    await parley.open()
    expect(history.pushState).not.toBe(pushState)
    parley.destroy()
    expect(document.querySelector('parley-widget')).toBeNull()
    expect('Parley' in window).toBe(false)
    expect(history.pushState).toBe(pushState)
    const again = installParley(window, config, realPanel)
    expect(document.querySelectorAll('parley-widget')).toHaveLength(1)
    again.destroy()
  })

  it('reset() erases the server session and forgets it', async () => {
    localStorage.setItem('parley:pk_demo', JSON.stringify({ sessionId: 'old', token: 'v1.old' }))
    fetchMock.mockImplementationOnce(async () => json(200, bot))
    const parley = installParley(window, config, realPanel)
    await parley.reset()
    const erase = fetchMock.mock.calls.find(([, init]) => init?.method === 'DELETE')
    expect(String(erase?.[0])).toBe('https://edge.example/v1/sessions/old')
    expect(localStorage.getItem('parley:pk_demo')).toBeNull()
  })
})
