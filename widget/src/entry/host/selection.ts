// "Ask about this": reads the shopper's text selection off the host page, and follows it.
import { readPageUrl } from './page-context'

/** Longer selections are cut here (the edge accepts 2,000; a quote this long is plenty). */
export const MAX_SELECTION = 1000
const SURROUNDING = 300

export interface Box {
  top: number
  right: number
  bottom: number
  left: number
}

export interface SelectedText {
  text: string
  pageUrl: string
  /** About 300 characters of the block the selection sits in, the selection included. */
  surroundingText?: string
  /** The whole selection, and its last line (where a mouse drag usually ends). */
  box: Box
  end: Box
}

// Nearest ancestor whose text reads as one passage; tag names, not getComputedStyle, which
// would force a style recalculation on the host page.
const BLOCK =
  'p,li,dd,dt,td,th,blockquote,pre,figcaption,h1,h2,h3,h4,h5,h6,article,section,aside,main,div,body'
const EDITABLE = 'input,textarea,select,[contenteditable]:not([contenteditable="false"])'

/**
 * The selected text, unless there is none, it sits in a form field or editable region (the
 * shopper is typing, not asking), or inside the widget (`widget` is its host element).
 */
export function readSelection(doc: Document, widget?: Element | null): SelectedText | undefined {
  const selection = doc.getSelection()
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return undefined
  const active = doc.activeElement
  if (active && (active === widget || active.matches(EDITABLE))) return undefined
  for (const node of [selection.anchorNode, selection.focusNode]) {
    const element = node && (node.nodeType === 1 ? (node as Element) : node.parentElement)
    if (!element) return undefined
    if (widget && (widget === element || widget.contains(element))) return undefined
    if (element.closest(EDITABLE)) return undefined
  }
  const range = selection.getRangeAt(0)
  const text = collapse(selection.toString())
  if (!text) return undefined
  const rects = range.getClientRects()
  // DOMRects are snapshots: they need no copy
  const box = range.getBoundingClientRect()
  const last = rects[rects.length - 1]
  const selected: SelectedText = {
    text: text.length > MAX_SELECTION ? `${text.slice(0, MAX_SELECTION - 1)}…` : text,
    pageUrl: readPageUrl(doc),
    box,
    end: last ?? box,
  }
  const container = range.commonAncestorContainer
  const block = (
    container.nodeType === 1 ? (container as Element) : container.parentElement
  )?.closest(BLOCK)
  const around = block ? surround(collapse(block.textContent ?? ''), text) : undefined
  if (around) selected.surroundingText = around
  return selected
}

/** About SURROUNDING characters of `passage` centred on `text`; undefined if it adds nothing. */
export function surround(passage: string, text: string): string | undefined {
  if (!passage || passage === text || text.length >= SURROUNDING) return undefined
  if (passage.length <= SURROUNDING) return passage
  const at = Math.max(0, passage.indexOf(text))
  const start = Math.max(
    0,
    Math.min(at - ((SURROUNDING - text.length) >> 1), passage.length - SURROUNDING),
  )
  return passage.slice(start, start + SURROUNDING).trim()
}

/**
 * Where the button goes: under the end of the selection, else above it (the phone's own
 * selection menu sits above), always inside the viewport with an 8px margin.
 */
export function placeAskButton(
  selected: Pick<SelectedText, 'box' | 'end'>,
  viewport: { width: number; height: number },
  size: { width: number; height: number },
): { left: number; top: number } {
  const gap = 8
  const clamp = (value: number, max: number) => Math.max(gap, Math.min(value, max - gap))
  let top = selected.end.bottom + gap
  if (top + size.height > viewport.height - gap) top = selected.box.top - size.height - gap
  return {
    left: Math.round(clamp(selected.end.right - size.width / 2, viewport.width - size.width)),
    top: Math.round(clamp(top, viewport.height - size.height)),
  }
}

/**
 * Calls `onChange` with the selection once it settles (after a drag ends, a key is released,
 * or the selection stops changing) and with undefined as soon as it is cleared. The second
 * argument says whether the keyboard made it, so the shortcut can be announced.
 */
export function watchSelection(
  doc: Document,
  read: () => SelectedText | undefined,
  onChange: (selected: SelectedText | undefined, byKeyboard: boolean) => void,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  let pressing = false
  let byKeyboard = false
  const settle = (delay: number) => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      try {
        onChange(read(), byKeyboard)
      } catch {
        // the host page must never see the widget fail
      }
    }, delay)
  }
  const handlers: [string, (event: Event) => void][] = [
    [
      'selectionchange',
      () => {
        const selection = doc.getSelection()
        if (!selection || selection.isCollapsed) settle(0)
        // mid-drag the selection changes on every mouse move: wait for the release
        else if (!pressing) settle(250)
      },
    ],
    [
      'pointerdown',
      () => {
        pressing = true
        byKeyboard = false
      },
    ],
    [
      'pointerup',
      () => {
        pressing = false
        settle(50)
      },
    ],
    [
      'pointercancel',
      () => {
        pressing = false
      },
    ],
    [
      'scroll',
      () => {
        // the button is fixed, the selection scrolls: place it again once scrolling stops
        if (!pressing && doc.getSelection()?.isCollapsed === false) settle(150)
      },
    ],
    [
      'keyup',
      (event) => {
        // Shift+arrows, Ctrl+A and friends; a plain letter typed elsewhere changes nothing
        const key = event as KeyboardEvent
        if (key.key.length > 1 || key.ctrlKey || key.metaKey) {
          byKeyboard = true
          settle(50)
        }
      },
    ],
  ]
  const options = { capture: true, passive: true }
  for (const [type, handler] of handlers) doc.addEventListener(type, handler, options)
  return () => {
    clearTimeout(timer)
    for (const [type, handler] of handlers) doc.removeEventListener(type, handler, options)
  }
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
