// The "Ask about this" button next to a text selection. Plain DOM in the entry, like the
// launcher: it must work before (and without) the panel chunk being downloaded.
import { placeAskButton, type SelectedText } from '../host/selection'

export const askCss = `
.ask{position:fixed;top:0;left:0;display:flex;align-items:center;gap:6px;padding:6px 12px;border:0;border-radius:99px;background:var(--brand);color:var(--on-brand);font-size:13px;font-weight:600;box-shadow:0 4px 14px rgba(0,0,0,.25);white-space:nowrap}
`

const SHORTCUT = 'Alt+Shift+A'

export interface AskButton {
  show(selected: SelectedText | undefined, byKeyboard: boolean): void
  remove(): void
}

export function createAskButton(
  doc: Document,
  frame: HTMLElement,
  words: { ask: string },
  onAsk: (selected: SelectedText) => void,
): AskButton {
  const win = doc.defaultView
  const button = doc.createElement('button')
  button.type = 'button'
  button.className = 'ask'
  button.hidden = true
  const label = `${words.ask} (${SHORTCUT})`
  button.textContent = words.ask
  button.title = label
  button.setAttribute('aria-keyshortcuts', SHORTCUT)
  // A keyboard user's selection stays where it is; the shortcut is read out instead of
  // stealing their focus.
  const live = doc.createElement('span')
  live.className = 'sr' // visually hidden (the launcher's sheet)
  live.setAttribute('role', 'status')
  frame.append(button, live)

  let current: SelectedText | undefined
  // The selection just asked about: it is still on the page but needs no second button.
  let asked: string | undefined

  const hide = () => {
    button.hidden = true
    live.textContent = ''
  }
  const ask = () => {
    const selected = current
    if (!selected) return
    asked = selected.text
    hide()
    onAsk(selected)
  }
  // pointerdown would clear the page's selection (and hide this button) before the click
  for (const type of ['pointerdown', 'mousedown']) {
    button.addEventListener(type, (event) => event.preventDefault())
  }
  button.addEventListener('click', ask)
  const onKey = (event: KeyboardEvent) => {
    if (button.hidden) return
    if (event.key === 'Escape') hide()
    else if (event.altKey && event.shiftKey && event.code === 'KeyA') {
      event.preventDefault()
      ask()
    }
  }
  doc.addEventListener('keydown', onKey, true)

  return {
    show(selected, byKeyboard) {
      if (!selected) asked = undefined
      if (!selected || selected.text === asked) return hide()
      current = selected
      const wasHidden = button.hidden
      button.hidden = false
      const { left, top } = placeAskButton(
        selected,
        { width: win?.innerWidth ?? 0, height: win?.innerHeight ?? 0 },
        { width: button.offsetWidth, height: button.offsetHeight },
      )
      button.style.transform = `translate(${left}px,${top}px)`
      if (byKeyboard && wasHidden) live.textContent = label
    },
    remove() {
      doc.removeEventListener('keydown', onKey, true)
      button.remove()
      live.remove()
    },
  }
}
