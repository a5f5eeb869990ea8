// "Ask about this" end to end inside the widget: page selection → button in the shadow root →
// quote chip in the composer → POST /v1/selections, then the turn with its selectionId.
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

const sentence = 'Each leg is joined to the rail with a through mortise and tenon.'
const answer = [
  { type: 'start', messageId: 'a1' },
  { type: 'text-delta', id: 't', delta: 'A tenon goes through the leg.' },
  {
    type: 'data-suggestions',
    data: {
      actions: [{ label: 'Talk to an expert', payload: 'How can I contact one of your experts?' }],
    },
  },
  { type: 'finish' },
]
  .map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`)
  .join('')

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  })
}

let fetchMock: ReturnType<typeof vi.fn>
let historyMessages: unknown[] = []

beforeEach(() => {
  localStorage.clear()
  sessionStorage.clear()
  historyMessages = []
  document.head.innerHTML = '<link rel="canonical" href="https://shop.example/p/oak-table">'
  document.body.innerHTML = `<article><p id="about">Our first table. ${sentence} No brackets.</p></article>`
  fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input).replace('https://edge.example', '')
    if (path === '/v1/bots/pk_demo') return json(200, { key: 'pk_demo', name: 'Assistant' })
    if (path === '/v1/sessions') return json(201, { sessionId: 's1', token: 'v1.t' })
    if (path === '/v1/sessions/s1/messages') return json(200, { messages: historyMessages })
    if (path === '/v1/selections' && init?.method === 'POST')
      return json(201, { selectionId: 'sel-1' })
    if (path === '/v1/chat' && init?.method === 'POST') {
      return new Response(answer, { headers: { 'content-type': 'text/event-stream' } })
    }
    return json(404, { error: { code: 'not_found', message: path } })
  })
  vi.stubGlobal('fetch', fetchMock)
})

afterEach(() => {
  ;(window as { Parley?: ParleyApi }).Parley?.destroy?.()
  document.getSelection()?.removeAllRanges()
  vi.unstubAllGlobals()
})

function shadow() {
  const root = document.querySelector('parley-widget')?.shadowRoot
  if (!root) throw new Error('no widget host')
  return root
}

function selectSentence() {
  const node = document.getElementById('about')?.firstChild as Text
  const at = node.data.indexOf(sentence)
  const range = document.createRange()
  range.setStart(node, at)
  range.setEnd(node, at + sentence.length)
  document.getSelection()?.removeAllRanges()
  document.getSelection()?.addRange(range)
  document.dispatchEvent(new Event('selectionchange'))
}

const askButton = () => shadow().querySelector<HTMLButtonElement>('.ask')
const requests = (path: string) =>
  fetchMock.mock.calls
    .filter(([url]) => String(url).endsWith(path))
    .map(([, init]) => JSON.parse(String((init as RequestInit).body)))

async function submit(text: string) {
  const textarea = shadow().querySelector('textarea') as HTMLTextAreaElement
  textarea.value = text
  textarea.dispatchEvent(new Event('input'))
  shadow()
    .querySelector('form.composer')
    ?.dispatchEvent(new Event('submit', { cancelable: true }))
  await vi.waitFor(() => expect(shadow().querySelector('.msg.assistant')).not.toBeNull())
}

async function askAboutSelection() {
  installParley(window, config, () => import('../panel/main'))
  selectSentence()
  await vi.waitFor(() => expect(askButton()?.hidden).toBe(false))
  askButton()?.click()
  await vi.waitFor(() =>
    expect(shadow().querySelector('.attach .quote')?.textContent).toBe(sentence),
  )
}

describe('Ask about this', () => {
  it('shows a labelled button in the shadow root next to a selection, gone once it is cleared', async () => {
    installParley(window, config, () => import('../panel/main'))
    selectSentence()
    await vi.waitFor(() => expect(askButton()?.hidden).toBe(false))
    expect(askButton()?.textContent).toBe('Ask about this')
    expect(askButton()?.getAttribute('aria-keyshortcuts')).toBe('Alt+Shift+A')
    expect(askButton()?.style.transform).toMatch(/^translate\(\d+px,\d+px\)$/)
    document.getSelection()?.removeAllRanges()
    document.dispatchEvent(new Event('selectionchange'))
    await vi.waitFor(() => expect(askButton()?.hidden).toBe(true))
  })

  it('sends the selection first, then the question with its selectionId, and shows the quote', async () => {
    await askAboutSelection()
    expect(shadow().querySelector('.panel')?.hasAttribute('hidden')).toBe(false)
    await vi.waitFor(() => expect(shadow().activeElement?.tagName).toBe('TEXTAREA'))
    await submit('What does this mean?')
    const [selection] = requests('/v1/selections')
    expect(selection).toEqual({
      sessionId: 's1',
      text: sentence,
      pageUrl: 'https://shop.example/p/oak-table',
      surroundingText: `Our first table. ${sentence} No brackets.`,
    })
    const [turn] = requests('/v1/chat')
    expect(turn).toMatchObject({ message: { text: 'What does this mean?' }, selectionId: 'sel-1' })
    const order = fetchMock.mock.calls.map(([url]) =>
      String(url).replace('https://edge.example', ''),
    )
    expect(order.indexOf('/v1/selections')).toBeLessThan(order.indexOf('/v1/chat'))
    expect(shadow().querySelector('.msg.user .quote')?.textContent).toBe(sentence)
    expect(shadow().querySelector('.msg.user .bubble')?.textContent).toBe('What does this mean?')
    await vi.waitFor(() => expect(shadow().querySelector('.attach')).toBeNull())
  })

  it('sends the quote alone as "Explain this"', async () => {
    await askAboutSelection()
    await submit('')
    expect(requests('/v1/chat')[0]).toMatchObject({
      message: { text: 'Explain this' },
      selectionId: 'sel-1',
    })
  })

  it('lets the shopper remove the quote before sending', async () => {
    await askAboutSelection()
    ;(shadow().querySelector('[aria-label="Remove quote"]') as HTMLButtonElement).click()
    await vi.waitFor(() => expect(shadow().querySelector('.attach')).toBeNull())
    await submit('Do you deliver?')
    expect(requests('/v1/selections')).toEqual([])
    expect(requests('/v1/chat')[0]).not.toHaveProperty('selectionId')
  })

  it('sends a suggested action’s payload exactly, without the attached quote', async () => {
    await askAboutSelection()
    await submit('What does this mean?')
    const chip = await vi.waitFor(() => {
      const found = [...shadow().querySelectorAll<HTMLButtonElement>('.chip')].find(
        (b) => b.textContent === 'Talk to an expert',
      )
      if (!found) throw new Error('no suggestion yet')
      return found
    })
    // a new quote waits in the composer; the suggestion does not take it along
    document.getSelection()?.removeAllRanges()
    document.dispatchEvent(new Event('selectionchange'))
    await new Promise((r) => setTimeout(r, 20))
    // the shopper goes back to the page (the composer had focus)
    ;(shadow().activeElement as HTMLElement | null)?.blur()
    selectSentence()
    await vi.waitFor(() => expect(askButton()?.hidden).toBe(false))
    askButton()?.click()
    await vi.waitFor(() => expect(shadow().querySelector('.attach')).not.toBeNull())
    chip.click()
    await vi.waitFor(() => expect(requests('/v1/chat')).toHaveLength(2))
    const second = requests('/v1/chat')[1]
    expect(second.message.text).toBe('How can I contact one of your experts?')
    expect(shadow().querySelector('.attach')).not.toBeNull()
    expect(second).not.toHaveProperty('selectionId')
  })

  it('is asked with Alt+Shift+A from the keyboard, which is announced', async () => {
    installParley(window, config, () => import('../panel/main'))
    selectSentence()
    document.dispatchEvent(new KeyboardEvent('keyup', { key: 'ArrowRight', shiftKey: true }))
    await vi.waitFor(() => expect(askButton()?.hidden).toBe(false))
    expect(shadow().querySelector('[role="status"]')?.textContent).toMatch(/Alt\+Shift\+A/)
    document.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'A', code: 'KeyA', altKey: true, shiftKey: true }),
    )
    await vi.waitFor(() =>
      expect(shadow().querySelector('.attach .quote')?.textContent).toBe(sentence),
    )
    expect(askButton()?.hidden).toBe(true)
  })

  it('hides on Escape', async () => {
    installParley(window, config, () => import('../panel/main'))
    selectSentence()
    await vi.waitFor(() => expect(askButton()?.hidden).toBe(false))
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
    expect(askButton()?.hidden).toBe(true)
  })

  it('is off with data-selection="off"', async () => {
    installParley(window, { ...config, selection: false }, () => import('../panel/main'))
    selectSentence()
    await new Promise((r) => setTimeout(r, 400))
    expect(askButton()).toBeNull()
  })

  it('shows the quote with the user turn from history after a reload', async () => {
    localStorage.setItem('parley:pk_demo', JSON.stringify({ sessionId: 's1', token: 'v1.t' }))
    historyMessages = [
      {
        id: 'u1',
        role: 'user',
        content: 'Explain this',
        selection: { text: sentence, pageUrl: 'https://shop.example/p/oak-table' },
      },
      { id: 'a1', role: 'assistant', content: 'A tenon goes through the leg.' },
    ]
    const parley = installParley(window, config, () => import('../panel/main'))
    await parley.open()
    await vi.waitFor(() =>
      expect(shadow().querySelector('.msg.user .quote')?.textContent).toBe(sentence),
    )
  })
})
