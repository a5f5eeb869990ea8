// The panel as a phone shows it: a full-screen modal dialog. While it is open the host page
// behind does not scroll (no scroll bleed), Tab stays inside, and the panel follows the
// visual viewport, so the on-screen keyboard never covers the composer. These are the panel's
// only touches of the host page; each is undone on close.
import type { RefObject } from 'preact'
import { useEffect, useState } from './hooks'

/** The width under which the panel is full screen (styles.ts uses the same). */
const SHEET = '(max-width: 480px)'

const FOCUSABLE = 'button,textarea,input,a[href],[tabindex="0"]'

export function useSheet(
  win: Window,
  dialog: RefObject<HTMLElement | null>,
  open: boolean,
): boolean {
  const query = win.matchMedia?.(SHEET)
  const [sheet, setSheet] = useState(!!query?.matches)

  useEffect(() => {
    const change = () => setSheet(!!query?.matches)
    query?.addEventListener?.('change', change)
    return () => query?.removeEventListener?.('change', change)
  }, [])

  useEffect(() => {
    const panel = dialog.current
    if (!open || !sheet || !panel) return
    const root = win.document.documentElement
    const overflow = root.style.overflow
    root.style.overflow = 'hidden'
    const viewport = win.visualViewport
    const fit = () => {
      // iOS keeps fixed elements at the layout viewport while the keyboard shrinks the visual one
      if (!viewport) return
      panel.style.setProperty('--vh', `${viewport.height}px`)
      panel.style.setProperty('--vt', `${viewport.offsetTop}px`)
    }
    fit()
    viewport?.addEventListener('resize', fit)
    viewport?.addEventListener('scroll', fit)
    const trap = (event: KeyboardEvent) => {
      if (event.key !== 'Tab') return
      const items = [...panel.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
        (item) => item.offsetParent !== null,
      )
      const first = items[0]
      const last = items[items.length - 1]
      const active = (panel.getRootNode() as ShadowRoot).activeElement
      if (event.shiftKey ? active === first || active === panel : active === last) {
        event.preventDefault()
        ;(event.shiftKey ? last : first)?.focus()
      }
    }
    panel.addEventListener('keydown', trap)
    return () => {
      root.style.overflow = overflow
      viewport?.removeEventListener('resize', fit)
      viewport?.removeEventListener('scroll', fit)
      panel.removeEventListener('keydown', trap)
      panel.style.removeProperty('--vh')
      panel.style.removeProperty('--vt')
    }
  }, [open, sheet])

  return sheet
}
