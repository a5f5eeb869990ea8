import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { widgetLabels } from '../../../edge/src/i18n/widget-labels'
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
  sessionStorage.clear()
  document.body.innerHTML = ''
  fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input).replace('https://edge.example', '')
    // like the edge: the labels in the shopper's language come with the bot's config
    const lang = new URL(String(input)).searchParams.get('lang') ?? undefined
    if (path.startsWith('/v1/bots/pk_demo'))
      return json(200, { ...bot, labels: widgetLabels(lang) })
    if (path === '/v1/sessions') return json(201, { sessionId: 's1', token: 'v1.t' })
    if (path === '/v1/messages/a1/feedback') return json(200, { messageId: 'a1', rating: 'up' })
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

  it('reset() starts a new conversation: this browser forgets it, the shop keeps it', async () => {
    localStorage.setItem('parley:pk_demo', JSON.stringify({ sessionId: 'old', token: 'v1.old' }))
    const parley = installParley(window, config, realPanel)
    parley.reset()
    expect(localStorage.getItem('parley:pk_demo')).toBeNull()
    await parley.ask('Hello again')
    await vi.waitFor(() =>
      expect(fetchMock.mock.calls.some(([url]) => String(url).endsWith('/v1/chat'))).toBe(true),
    )
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'DELETE')).toBe(false)
    const chat = fetchMock.mock.calls.find(([url]) => String(url).endsWith('/v1/chat'))
    expect(JSON.parse(String(chat?.[1]?.body)).sessionId).toBe('s1')
  })
})

describe('privacy before interaction', () => {
  it('leaves no trace for a shopper who never opens the chat: one request for the bot, nothing stored', async () => {
    const setLocal = vi.spyOn(Storage.prototype, 'setItem')
    installParley(window, { ...config, userId: 'u-1', userHash: 'a'.repeat(64) }, realPanel)
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalled())
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(fetchMock.mock.calls.map(([url]) => String(url))).toEqual([
      'https://edge.example/v1/bots/pk_demo',
    ])
    expect(setLocal).not.toHaveBeenCalled()
    expect(document.cookie).toBe('')
  })

  it('shows a returning shopper their conversation when they open the chat', async () => {
    localStorage.setItem('parley:pk_demo', JSON.stringify({ sessionId: 's0', token: 'v1.t0' }))
    fetchMock.mockImplementation(async (input: RequestInfo | URL) => {
      const path = String(input).replace('https://edge.example', '')
      if (path === '/v1/bots/pk_demo') return json(200, bot)
      if (path === '/v1/sessions/s0/messages') {
        return json(200, {
          messages: [{ id: 'm1', role: 'user', content: 'Earlier question', status: 'complete' }],
        })
      }
      return json(404, { error: { code: 'not_found', message: path } })
    })
    const parley = installParley(window, config, realPanel)
    await parley.open()
    await vi.waitFor(() =>
      expect(shadow().querySelector('.msg.user .bubble')?.textContent).toBe('Earlier question'),
    )
  })
})

describe('open across reloads', () => {
  it('opens again by itself after a reload when the shopper had it open, and not once closed', async () => {
    const first = installParley(window, config, realPanel)
    await first.open()
    first.destroy()
    const again = installParley(window, config, realPanel)
    await vi.waitFor(() =>
      expect((shadow().querySelector('[role="dialog"]') as HTMLElement | null)?.hidden).toBe(false),
    )
    again.close()
    again.destroy()
    const loadPanel = vi.fn(realPanel)
    installParley(window, config, loadPanel)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(loadPanel).not.toHaveBeenCalled()
  })
})

describe('languages', () => {
  it('speaks German with data-lang=de: labels, the bot’s texts and the answer', async () => {
    const parley = installParley(window, { ...config, lang: 'de' }, realPanel)
    const root = shadow()
    expect(root.querySelector('.launcher')?.getAttribute('aria-label')).toBe('Chat öffnen')
    expect((root.querySelector('.root') as HTMLElement).lang).toBe('de')
    await parley.ask('Wie lange dauert die Lieferung?')
    await vi.waitFor(() => expect(root.querySelector('.send')?.textContent).toBe('Senden'))
    expect(root.querySelector('[role="log"]')?.getAttribute('aria-label')).toBe('Gespräch')
    expect(root.querySelector('.sub')?.textContent).toMatch(/^KI-Assistent/)
    const urls = () => fetchMock.mock.calls.map(([url]) => String(url))
    expect(urls()).toContain('https://edge.example/v1/bots/pk_demo?lang=de')
    await vi.waitFor(() => expect(urls().some((url) => url.endsWith('/v1/chat'))).toBe(true))
    const chat = fetchMock.mock.calls.find(([url]) => String(url).endsWith('/v1/chat'))
    expect(JSON.parse(String(chat?.[1]?.body)).context.lang).toBe('de')
  })

  it('follows the page’s <html lang> without data-lang, and mirrors the panel for Arabic', async () => {
    document.documentElement.lang = 'ar'
    try {
      const parley = installParley(window, config, realPanel)
      await parley.open()
      const frame = shadow().querySelector('.root') as HTMLElement
      expect([frame.lang, frame.dir]).toEqual(['ar', 'rtl'])
      await vi.waitFor(() => expect(shadow().querySelector('.send')?.textContent).toBe('إرسال'))
      expect(shadow().querySelector('.bubble')?.getAttribute('dir')).toBe('auto')
    } finally {
      document.documentElement.lang = ''
    }
  })
})

describe('the panel', () => {
  it('states it is an AI; its person control offers the lead form when nobody is there', async () => {
    const posted: Record<string, unknown> = {}
    fetchMock.mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = String(input).replace('https://edge.example', '')
      if (path === '/v1/bots/pk_demo')
        return json(200, { ...bot, disclosure: 'Ich bin eine KI.', handoff: { enabled: true } })
      if (path === '/v1/sessions') return json(201, { sessionId: 's1', token: 'v1.t' })
      if (path === '/v1/sessions/s1/handoff' && init?.method === 'POST')
        return json(200, { handoff: { status: 'unavailable', nextOpenAt: '2026-11-30T08:00:00Z' } })
      if (path === '/v1/sessions/s1/leads' && init?.method === 'POST') {
        Object.assign(posted, JSON.parse(String(init.body)))
        return json(201, { id: 'l1', nextOpenAt: '2026-11-30T08:00:00Z' })
      }
      return json(404, { error: { code: 'not_found', message: path } })
    })
    const parley = installParley(window, config, realPanel)
    await parley.open()
    const root = shadow()
    await vi.waitFor(() =>
      expect(root.querySelector('.sub')?.textContent).toMatch(/Ich bin eine KI/),
    )
    ;(root.querySelector('[aria-label="Talk to a person"]') as HTMLButtonElement).click()
    const form = await vi.waitFor(() => {
      const found = root.querySelector('form.lead') as HTMLFormElement | null
      if (!found) throw new Error('no lead form yet')
      return found
    })
    expect(form.textContent).toMatch(/Nobody is here now/)
    expect(form.textContent).toMatch(/Back /)
    const fill = (name: string, value: string) => {
      const field = form.querySelector(`[name=${name}]`) as HTMLInputElement
      field.value = value
    }
    fill('name', 'Mia')
    fill('email', 'mia@example.com')
    fill('message', 'Please call me')
    form.requestSubmit()
    await vi.waitFor(() =>
      expect(root.querySelector('.confirm[role=status]')?.textContent).toMatch(/Thanks!/),
    )
    expect(posted).toEqual({
      name: 'Mia',
      email: 'mia@example.com',
      message: 'Please call me',
      consent: true,
    })
  })

  it("shows the team's message as from a person, with a badge and a title count while closed", async () => {
    let polls = 0
    let closed = () => {}
    const gate = new Promise<void>((r) => {
      closed = r
    })
    fetchMock.mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = String(input).replace('https://edge.example', '')
      if (path === '/v1/bots/pk_demo') return json(200, { ...bot, handoff: { enabled: true } })
      if (path === '/v1/sessions') return json(201, { sessionId: 's1', token: 'v1.t' })
      if (path === '/v1/sessions/s1/handoff' && init?.method === 'POST')
        return json(201, { handoff: { status: 'waiting', typicalWaitMinutes: 4 } })
      if (path.startsWith('/v1/sessions/s1/events')) {
        polls++
        // the first poll waits (the shopper closes the chat), the second brings Ana
        if (polls === 1)
          return json(200, {
            messages: [],
            handoff: { status: 'waiting', typicalWaitMinutes: 4 },
            after: 2,
          })
        // after Ana's message, a long poll that waits on (until the test ends)
        if (polls > 2) await new Promise(() => {})
        await gate
        return json(200, {
          messages: [{ id: 'm9', role: 'agent', content: 'Hi, Ana here.', author: 'Ana' }],
          handoff: { status: 'claimed', agentName: 'Ana' },
          after: 3,
        })
      }
      return json(404, { error: { code: 'not_found', message: path } })
    })
    document.title = 'Oak table'
    const hidden = vi.spyOn(document, 'hidden', 'get').mockReturnValue(true)
    const parley = installParley(window, config, realPanel)
    await parley.open()
    const root = shadow()
    await vi.waitFor(() =>
      expect(root.querySelector('[aria-label="Talk to a person"]')).not.toBeNull(),
    )
    ;(root.querySelector('[aria-label="Talk to a person"]') as HTMLButtonElement).click()
    await vi.waitFor(() =>
      expect(root.querySelector('.confirm[role=status]')?.textContent).toBe(
        'A person usually replies in 4 min.',
      ),
    )
    parley.close()
    closed()
    const launcher = root.querySelector('.launcher') as HTMLElement
    await vi.waitFor(() => expect(launcher.dataset.unread).toBe('1'))
    expect(document.title).toBe('(1) Oak table')
    expect(root.querySelector('.msg.agent')?.textContent).toBe('AnaHi, Ana here.')
    expect(root.querySelector('.confirm[role=status]')?.textContent).toBe('Ana joined.')

    hidden.mockReturnValue(false)
    await parley.open()
    document.dispatchEvent(new Event('visibilitychange'))
    await vi.waitFor(() => expect(launcher.dataset.unread).toBeUndefined())
    expect(document.title).toBe('Oak table')
  })

  it('labels the sources of an answer, with each title in full, and has one Send button', async () => {
    const parley = installParley(window, config, realPanel)
    await parley.ask('What is your return policy?')
    const root = shadow()
    await vi.waitFor(() => expect(root.querySelector('.src-h')?.textContent).toBe('Sources'))
    const link = root.querySelector('.sources a') as HTMLAnchorElement
    expect(link.title).toBe('Returns policy')
    expect(link.closest('ul')?.getAttribute('aria-labelledby')).toBe(
      root.querySelector('.src-h')?.id,
    )
    ;(root.querySelector('[aria-label="Helpful"]') as HTMLButtonElement).click()
    await vi.waitFor(() => expect(root.querySelector('.rate form')).not.toBeNull())
    const names = [...root.querySelectorAll('button')].map((b) => b.textContent)
    expect(names.filter((name) => name === 'Send')).toHaveLength(1)
    expect(names).toContain('Send feedback')
  })

  it('erases the conversation only after the shopper confirms', async () => {
    localStorage.setItem('parley:pk_demo', JSON.stringify({ sessionId: 's0', token: 'v1.t0' }))
    fetchMock.mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = String(input).replace('https://edge.example', '')
      if (path === '/v1/bots/pk_demo') return json(200, bot)
      if (path === '/v1/sessions/s0/messages') {
        return json(200, {
          messages: [{ id: 'm1', role: 'user', content: 'Mine', status: 'complete' }],
        })
      }
      if (path === '/v1/sessions/s0' && init?.method === 'DELETE')
        return new Response(null, { status: 204 })
      return json(404, { error: { code: 'not_found', message: path } })
    })
    const parley = installParley(window, config, realPanel)
    await parley.open()
    const root = shadow()
    const erase = () => root.querySelector('[aria-label="Erase my data"]') as HTMLButtonElement
    const deletes = () => fetchMock.mock.calls.filter(([, init]) => init?.method === 'DELETE')
    await vi.waitFor(() => expect(erase()).not.toBeNull())
    erase().click()
    await vi.waitFor(() => expect(root.querySelector('[role="alertdialog"]')).not.toBeNull())
    ;[...root.querySelectorAll<HTMLButtonElement>('.confirm button')]
      .find((b) => b.textContent === 'Cancel')
      ?.click()
    await vi.waitFor(() => expect(root.querySelector('[role="alertdialog"]')).toBeNull())
    expect(deletes()).toHaveLength(0)
    erase().click()
    await vi.waitFor(() => expect(root.querySelector('.confirm .danger')).not.toBeNull())
    ;(root.querySelector('.confirm .danger') as HTMLButtonElement).click()
    await vi.waitFor(() => expect(deletes()).toHaveLength(1))
    await vi.waitFor(() => expect(root.querySelector('.msg.user')).toBeNull())
    expect(localStorage.getItem('parley:pk_demo')).toBeNull()
  })
})

describe('teasers', () => {
  const teaser = {
    id: 'products',
    pathPattern: '/products/*',
    text: 'Questions? Ask me',
    lang: 'en',
  }
  const realTeaser = () => import('../teaser/main')
  const teaserPosts = () =>
    fetchMock.mock.calls
      .map(([url, init]) => `${init?.method} ${String(url).replace('https://edge.example', '')}`)
      .filter((call) => call.includes('/teasers/'))

  beforeEach(() => {
    const inner = fetchMock.getMockImplementation() as typeof fetch | undefined
    fetchMock.mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = String(input).replace('https://edge.example', '')
      if (path.startsWith('/v1/bots/pk_demo/teasers/')) return new Response(null, { status: 204 })
      if (path.startsWith('/v1/bots/pk_demo')) return json(200, { ...bot, teasers: [teaser] })
      return inner?.(input, init)
    })
  })

  it('shows the bubble on a matching page; choosing it opens the chat; the question counts', async () => {
    history.replaceState(null, '', '/products/oak-table.html')
    const loadTeaser = vi.fn(realTeaser)
    const parley = installParley(window, config, realPanel, loadTeaser)
    await vi.waitFor(() => expect(shadow().querySelector('.teaser')).not.toBeNull())
    expect(teaserPosts()).toEqual(['POST /v1/bots/pk_demo/teasers/products/shown'])
    ;(shadow().querySelector('.teaser button') as HTMLButtonElement).click()
    await vi.waitFor(() => expect(shadow().querySelector('[role="dialog"]')).not.toBeNull())
    await vi.waitFor(() => expect(shadow().querySelector('.teaser')).toBeNull())
    await parley.ask('Is it solid oak?')
    await vi.waitFor(() =>
      expect(teaserPosts()).toEqual([
        'POST /v1/bots/pk_demo/teasers/products/shown',
        'POST /v1/bots/pk_demo/teasers/products/opened',
        'POST /v1/bots/pk_demo/teasers/products/asked',
      ]),
    )
  })

  it('downloads no bubble on a page no rule matches', async () => {
    history.replaceState(null, '', '/about.html')
    const loadTeaser = vi.fn(realTeaser)
    const ready = vi.fn()
    installParley(window, config, realPanel, loadTeaser).on('ready', ready)
    await vi.waitFor(() => expect(ready).toHaveBeenCalled())
    expect(loadTeaser).not.toHaveBeenCalled()
    expect(sessionStorage.length).toBe(0)
  })

  it('takes the bubble away with the widget on destroy()', async () => {
    history.replaceState(null, '', '/products/oak-table.html')
    const parley = installParley(window, config, realPanel, realTeaser)
    await vi.waitFor(() => expect(shadow().querySelector('.teaser')).not.toBeNull())
    parley.destroy()
    expect(document.querySelector('parley-widget')).toBeNull()
  })
})
