// The teaser bubble: a lazy chunk of its own, loaded by the entry (entry/teasers.ts) only on a
// page one of the owner's rules matches. Plain DOM, like the launcher it sits by.
import type { TeaserHost } from '../shared/teaser-contract'

// The launcher's sheet already turns every animation off under prefers-reduced-motion.
const CSS = `.teaser{position:fixed;bottom:88px;right:20px;max-width:min(280px,calc(100vw - 40px));display:flex;align-items:start;gap:2px;padding:4px;border:1px solid var(--line);border-radius:14px;background:var(--bg);color:var(--fg);box-shadow:0 4px 16px rgba(0,0,0,.2);animation:teaser .2s ease-out}
.root[data-position=left] .teaser{right:auto;left:20px}
.teaser button{border:0;border-radius:10px;background:none;color:inherit;padding:6px 8px;text-align:start}
.teaser button:hover{background:var(--soft)}
.teaser .x{padding:0;width:28px;height:28px;flex:none;color:var(--muted);font-size:18px}
@keyframes teaser{from{opacity:0;transform:translateY(8px)}}`

// A page's own dialog is open: the teaser never covers it.
const DIALOGS = 'dialog[open],[aria-modal=true]'

export function showTeaser({ win, frame, adopt, launcher, rule, mark, open }: TeaserHost) {
  const doc = win.document
  let bubble: HTMLElement | undefined
  let done = false

  const dialogOpen = () =>
    [...doc.querySelectorAll(DIALOGS)].some((e) => e.checkVisibility?.() ?? true)
  const scrolled = () => {
    const root = doc.documentElement
    return (
      !rule.scrollPercent ||
      ((win.scrollY + win.innerHeight) * 100) / root.scrollHeight >= rule.scrollPercent
    )
  }

  function sync() {
    if (done) return
    if (launcher.getAttribute('aria-expanded') === 'true') {
      // the chat opened: from the bubble or the launcher, it counts only if the bubble showed
      if (bubble) mark('opened')
      return stop()
    }
    if (!bubble && scrolled() && !dialogOpen()) render()
    if (bubble) bubble.hidden = dialogOpen()
  }

  function render() {
    adopt(CSS)
    bubble = doc.createElement('div')
    bubble.className = 'teaser'
    bubble.setAttribute('role', 'status')
    const say = doc.createElement('button')
    say.type = 'button'
    say.textContent = rule.text
    if (rule.lang) say.lang = rule.lang
    say.addEventListener('click', open)
    const x = doc.createElement('button')
    x.type = 'button'
    x.className = 'x'
    x.textContent = '×'
    x.setAttribute('aria-label', rule.dismiss || 'Dismiss')
    x.addEventListener('click', stop)
    bubble.append(say, x)
    frame.append(bubble)
    mark('shown')
  }

  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && bubble && !bubble.hidden) stop()
  }
  const watch = new MutationObserver(sync)
  watch.observe(doc.documentElement, {
    subtree: true,
    childList: true,
    attributeFilter: ['open', 'aria-modal'],
  })
  watch.observe(launcher, { attributeFilter: ['aria-expanded'] })
  win.addEventListener('scroll', sync, { passive: true })
  doc.addEventListener('keydown', onKey)

  function stop() {
    done = true
    watch.disconnect()
    win.removeEventListener('scroll', sync)
    doc.removeEventListener('keydown', onKey)
    bubble?.remove()
  }
  sync()
  return stop
}
