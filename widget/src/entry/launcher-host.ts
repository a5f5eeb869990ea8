// The widget's place on the page: the shadow host with its theme and position, and the
// launcher in it. Mounted when the browser is idle, or when the page asks to open the chat.
import type { WidgetConfig } from './config'
import { createShadowHost, type ShadowHost } from './host/shadow-host'
import { createLauncher, launcherCss, pickOnBrand } from './ui/launcher'

export interface LauncherHost {
  shadow: ShadowHost
  launcher: HTMLButtonElement
}

export function mountLauncher(
  doc: Document,
  config: WidgetConfig,
  onClick: () => void,
  onIntent: () => void,
): LauncherHost {
  const shadow = createShadowHost(doc)
  shadow.adopt(launcherCss)
  const frame = shadow.frame
  frame.dataset.theme = config.theme
  frame.dataset.position = config.position
  if (config.lang) frame.lang = config.lang
  if (config.color) paintBrand(frame, config.color)
  const launcher = createLauncher(doc, onClick, onIntent)
  frame.append(launcher)
  return { shadow, launcher }
}

/** The brand colour (data-color, else the bot's theme); one the browser rejects is ignored. */
export function paintBrand(frame: HTMLElement, color: string): void {
  if (!globalThis.CSS?.supports('color', color)) return
  frame.style.setProperty('--brand', color)
  const onBrand = pickOnBrand(color)
  if (onBrand) frame.style.setProperty('--on-brand', onBrand)
}
