// The widget's one element in the host page: <parley-widget> with an open shadow root.

export interface ShadowHost {
  host: HTMLElement
  root: ShadowRoot
  /** The element inside the shadow root that the launcher and panel live in. */
  frame: HTMLDivElement
  adopt(css: string): void
  remove(): void
}

// A custom tag name so the page's `div { ... }` rules do not match it; `:host` important
// declarations beat even the page's !important ones (shadow context wins for important).
const HOST_CSS =
  ':host{all:initial!important;display:block!important;position:fixed!important;' +
  'width:0!important;height:0!important;z-index:2147483000!important}'

export function createShadowHost(doc: Document): ShadowHost {
  const host = doc.createElement('parley-widget')
  const root = host.attachShadow({ mode: 'open' })
  const frame = doc.createElement('div')
  frame.className = 'root'
  root.append(frame)
  const adopt = (css: string) => {
    // Constructable sheets are CSSOM, so a strict `style-src 'self'` CSP allows them; a
    // <style> element would need 'unsafe-inline'.
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(css)
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet]
  }
  adopt(HOST_CSS)
  ;(doc.body ?? doc.documentElement).append(host)
  return { host, root, frame, adopt, remove: () => host.remove() }
}
