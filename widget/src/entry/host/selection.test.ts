import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MAX_SELECTION, placeAskButton, readSelection, surround, watchSelection } from './selection'

function select(node: Node, start: number, end: number) {
  const range = document.createRange()
  range.setStart(node, start)
  range.setEnd(node, end)
  const selection = document.getSelection()
  selection?.removeAllRanges()
  selection?.addRange(range)
}

function selectText(element: Element, text: string) {
  const node = element.firstChild as Text
  const at = node.data.indexOf(text)
  select(node, at, at + text.length)
}

const sentence =
  'Each leg is joined to the rail with a through mortise and tenon, wedged and pinned — no metal brackets.'

beforeEach(() => {
  document.head.innerHTML =
    '<link rel="canonical" href="https://shop.example/products/oak-dining-table">'
  document.body.innerHTML = `<main><p id="about">The Hollis is the table we built first, in 2012, for our own kitchen. ${sentence} Available in oak, walnut or ash.</p></main>`
  ;(document.activeElement as HTMLElement | null)?.blur?.()
})
afterEach(() => {
  document.getSelection()?.removeAllRanges()
})

describe('readSelection', () => {
  it('reads the selected sentence with the canonical page URL and its paragraph around it', () => {
    const p = document.getElementById('about') as Element
    selectText(p, sentence)
    const selected = readSelection(document)
    expect(selected).toMatchObject({
      text: sentence,
      pageUrl: 'https://shop.example/products/oak-dining-table',
      surroundingText: p.textContent,
    })
    expect(selected?.box).toEqual(expect.objectContaining({ top: expect.any(Number) }))
  })

  it('collapses whitespace and cuts a selection over 1000 characters', () => {
    document.body.innerHTML = `<p>${'oak  \n '.repeat(400)}</p>`
    const p = document.querySelector('p') as Element
    select(p.firstChild as Text, 0, (p.firstChild as Text).length)
    const text = readSelection(document)?.text ?? ''
    expect(text).toHaveLength(MAX_SELECTION)
    expect(text.endsWith('…')).toBe(true)
    expect(text).not.toMatch(/\s\s|\n/)
  })

  it('reads nothing when the selection is collapsed or only whitespace', () => {
    const p = document.getElementById('about') as Element
    select(p.firstChild as Text, 5, 5)
    expect(readSelection(document)).toBeUndefined()
    document.body.innerHTML = '<p>a    b</p>'
    select(document.querySelector('p')?.firstChild as Text, 1, 5)
    expect(readSelection(document)).toBeUndefined()
  })

  it('reads nothing inside a form field or an editable region', () => {
    document.body.innerHTML =
      '<div contenteditable="true"><p>my draft review</p></div><textarea>typed text</textarea>'
    selectText(document.querySelector('[contenteditable] p') as Element, 'draft')
    expect(readSelection(document)).toBeUndefined()
    const textarea = document.querySelector('textarea') as HTMLTextAreaElement
    textarea.focus()
    selectText(textarea, 'typed')
    expect(readSelection(document)).toBeUndefined()
  })

  it('reads nothing inside the widget', () => {
    const host = document.createElement('parley-widget')
    host.innerHTML = '<span>Hi! Ask me anything.</span>'
    document.body.append(host)
    selectText(host.querySelector('span') as Element, 'Ask me')
    expect(readSelection(document, host)).toBeUndefined()
    expect(readSelection(document)).toBeDefined()
  })
})

describe('surround', () => {
  it('keeps a short passage whole and leaves out one that adds nothing', () => {
    expect(surround('Oak. Walnut.', 'Oak.')).toBe('Oak. Walnut.')
    expect(surround('Oak.', 'Oak.')).toBeUndefined()
  })

  it('takes about 300 characters centred on the selection from a long passage', () => {
    const passage = `${'a'.repeat(1000)} the selected words ${'b'.repeat(1000)}`
    const around = surround(passage, 'the selected words') ?? ''
    expect(around.length).toBeLessThanOrEqual(300)
    expect(around.length).toBeGreaterThan(280)
    expect(around).toContain('the selected words')
    const at = around.indexOf('the selected words')
    expect(Math.abs(at - (around.length - at - 18))).toBeLessThan(4)
  })
})

describe('placeAskButton', () => {
  const viewport = { width: 800, height: 600 }
  const size = { width: 120, height: 32 }
  const line = (top: number, left: number, right: number) => ({
    top,
    bottom: top + 20,
    left,
    right,
  })

  it('goes under the end of the selection', () => {
    const end = line(100, 200, 400)
    expect(placeAskButton({ box: line(60, 100, 700), end }, viewport, size)).toEqual({
      left: 340,
      top: 128,
    })
  })

  it('goes above the selection when there is no room below', () => {
    const end = line(570, 200, 400)
    expect(placeAskButton({ box: line(500, 100, 700), end }, viewport, size).top).toBe(460)
  })

  it('stays on screen at the edges', () => {
    const end = line(100, 760, 799)
    expect(placeAskButton({ box: end, end }, viewport, size).left).toBe(672)
    const start = line(-50, 0, 10)
    expect(placeAskButton({ box: start, end: start }, viewport, size)).toEqual({ left: 8, top: 8 })
  })
})

describe('watchSelection', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('reports a selection once it settles, and its clearing at once', () => {
    const seen: unknown[] = []
    const stop = watchSelection(
      document,
      () => readSelection(document),
      (s) => seen.push(s?.text),
    )
    selectText(document.getElementById('about') as Element, sentence)
    document.dispatchEvent(new Event('selectionchange'))
    document.dispatchEvent(new Event('selectionchange'))
    vi.advanceTimersByTime(100)
    expect(seen).toEqual([])
    vi.advanceTimersByTime(200)
    expect(seen).toEqual([sentence])
    document.getSelection()?.removeAllRanges()
    document.dispatchEvent(new Event('selectionchange'))
    vi.advanceTimersByTime(0)
    expect(seen).toEqual([sentence, undefined])
    stop()
  })

  it('waits for the pointer to be released while a drag changes the selection', () => {
    const seen: unknown[] = []
    const stop = watchSelection(
      document,
      () => readSelection(document),
      (s) => seen.push(s?.text),
    )
    document.dispatchEvent(new Event('pointerdown'))
    selectText(document.getElementById('about') as Element, sentence)
    document.dispatchEvent(new Event('selectionchange'))
    vi.advanceTimersByTime(1000)
    expect(seen).toEqual([])
    document.dispatchEvent(new Event('pointerup'))
    vi.advanceTimersByTime(60)
    expect(seen).toEqual([sentence])
    stop()
  })

  it('tells a keyboard selection apart, and stops listening when asked', () => {
    const seen: [unknown, boolean][] = []
    const stop = watchSelection(
      document,
      () => readSelection(document),
      (s, byKeyboard) => seen.push([s?.text, byKeyboard]),
    )
    selectText(document.getElementById('about') as Element, sentence)
    document.dispatchEvent(new KeyboardEvent('keyup', { key: 'ArrowRight', shiftKey: true }))
    vi.advanceTimersByTime(60)
    expect(seen).toEqual([[sentence, true]])
    stop()
    document.dispatchEvent(new KeyboardEvent('keyup', { key: 'ArrowRight', shiftKey: true }))
    vi.advanceTimersByTime(500)
    expect(seen).toHaveLength(1)
  })
})
