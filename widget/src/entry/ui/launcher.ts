// The launcher button and the base stylesheet (also the bubble's and the panel's: the theme,
// [hidden], the icons' stroke, the screen-reader-only .sr). Plain DOM, not Preact: they ship in the
// entry, which must stay small because every page view downloads it.

const DARK =
  '--bg:#17191d;--fg:#eceef1;--muted:#a3aab5;--line:#30343b;--soft:#23262c;--danger:#ff8a80;color-scheme:dark'

export const launcherCss = `
.root{all:initial;font:14px/1.5 system-ui,sans-serif;color:var(--fg);--brand:#2b59c3;--on-brand:#fff;--bg:#fff;--fg:#1c1f24;--muted:#5c6370;--line:#e2e5e9;--soft:#f2f4f7;--danger:#b42318;color-scheme:light}
.root[data-theme=dark]{${DARK}}
@media (prefers-color-scheme:dark){.root[data-theme=auto]{${DARK}}}
*,::before,::after{box-sizing:border-box}
button{font:inherit;cursor:pointer}
:focus-visible{outline:2px solid var(--brand);outline-offset:2px}
[hidden]{display:none!important}
svg{fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.launcher{position:fixed;bottom:20px;right:20px;width:56px;height:56px;padding:0;border:0;border-radius:50%;display:grid;place-items:center;background:var(--brand);color:var(--on-brand);box-shadow:0 4px 16px rgba(0,0,0,.24);transition:transform .15s}
.launcher:hover{transform:scale(1.06)}
.launcher:focus-visible{outline-offset:3px}
.root[data-position=left] .launcher{right:auto;left:20px}
.launcher svg{width:26px;height:26px}
.launcher .close,.launcher[aria-expanded=true] .chat{display:none}
.launcher[aria-expanded=true] .close{display:block}
.launcher[data-unread]::after{content:attr(data-unread);position:absolute;top:0;right:0;padding:0 6px;border-radius:9px;background:#c01048;color:#fff;font:12px/18px sans-serif}
@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}
`

const SVG = 'http://www.w3.org/2000/svg'

export function createLauncher(
  doc: Document,
  label: string,
  onClick: () => void,
  onIntent: () => void,
) {
  const button = doc.createElement('button')
  button.type = 'button'
  button.className = 'launcher'
  button.setAttribute('aria-label', label)
  button.setAttribute('aria-expanded', 'false')
  // Built node by node: innerHTML would trip pages that enforce Trusted Types.
  button.append(
    icon(doc, 'chat', 'M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12Z'),
    icon(doc, 'close', 'M18 6 6 18M6 6l12 12'),
  )
  button.addEventListener('click', onClick)
  button.addEventListener('pointerenter', onIntent)
  button.addEventListener('focus', onIntent)
  return button
}

function icon(doc: Document, name: string, d: string) {
  const svg = doc.createElementNS(SVG, 'svg')
  svg.setAttribute('viewBox', '0 0 24 24')
  svg.setAttribute('aria-hidden', 'true')
  svg.setAttribute('class', name)
  const path = doc.createElementNS(SVG, 'path')
  path.setAttribute('d', d)
  svg.append(path)
  return svg
}

/** Text colour for the brand background: dark on light brand colours (hex only). */
export function pickOnBrand(color: string): string | undefined {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color)?.[1]
  if (!hex) return undefined
  const rgb = Number.parseInt(hex.length === 3 ? hex.replace(/./g, '$&$&') : hex, 16)
  // perceived brightness (ITU-R BT.601), 0..255; above 60% white text loses contrast
  return 0.299 * (rgb >> 16) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255) > 153
    ? '#111'
    : '#fff'
}
