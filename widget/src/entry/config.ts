// The only reader of the script tag's data-* attributes.

export type Theme = 'light' | 'dark' | 'auto'

export interface WidgetConfig {
  botKey: string
  /** API base URL without a trailing slash: data-api, else the script's own origin. */
  apiBase: string
  /** The script's own URL; the panel chunk is resolved against it. */
  scriptSrc: string
  position: 'right' | 'left'
  theme: Theme
  color?: string
  lang?: string
  open: boolean
  selection: boolean
  userId?: string
  userHash?: string
  /** data-cart: the shop platform whose cart the widget adds to ("shopify", "woocommerce"). */
  cart?: string
}

export type ConfigResult = { ok: true; config: WidgetConfig } | { ok: false; message: string }

export function readConfig(script: HTMLScriptElement | null, pageUrl: string): ConfigResult {
  if (!script) {
    return {
      ok: false,
      message: 'could not find its own <script> tag; load widget.js with a plain <script src>',
    }
  }
  const data = script.dataset
  const botKey = data.bot?.trim()
  if (!botKey) {
    return {
      ok: false,
      message: 'data-bot is missing: add data-bot="<your bot public key>" to the script tag',
    }
  }
  let scriptSrc: string
  let apiBase: string
  try {
    scriptSrc = new URL(script.src || pageUrl, pageUrl).href
    apiBase = data.api ? new URL(data.api, pageUrl).href : new URL(scriptSrc).origin
  } catch {
    return { ok: false, message: `data-api is not a URL: ${data.api}` }
  }
  const theme = data.theme
  return {
    ok: true,
    config: {
      botKey,
      apiBase: apiBase.replace(/\/+$/, ''),
      scriptSrc,
      position: data.position === 'left' ? 'left' : 'right',
      // absent: follow the shopper's OS setting, as they expect
      theme: theme === 'dark' || theme === 'light' ? theme : 'auto',
      color: data.color?.trim() || undefined,
      lang: data.lang?.trim() || undefined,
      open: isOn(data.open, false),
      selection: isOn(data.selection, true),
      userId: data.userId || undefined,
      userHash: data.userHash || undefined,
      cart: data.cart || undefined,
    },
  }
}

// `data-open` with no value means on; "off"/"false"/"0" mean off.
function isOn(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback
  return !/^(off|false|0|no)$/i.test(value.trim())
}
