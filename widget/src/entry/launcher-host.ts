// The widget's place on the page: the shadow host with its theme and position, and the
// launcher in it. Mounted when the browser is idle, or when the page asks to open the chat.
import type { WidgetConfig } from './config'
import { createShadowHost, type ShadowHost } from './host/shadow-host'
import type { Locale } from './i18n'
import { createLauncher, launcherCss, pickOnBrand } from './ui/launcher'

export interface LauncherHost {
  shadow: ShadowHost
  launcher: HTMLButtonElement
}

export function mountLauncher(
  doc: Document,
  config: WidgetConfig,
  locale: Locale,
  onClick: () => void,
  onIntent: () => void,
): LauncherHost {
  const shadow = createShadowHost(doc)
  shadow.adopt(launcherCss)
  const frame = shadow.frame
  frame.dataset.theme = config.theme
  frame.dataset.position = config.position
  // the labels' language, so a screen reader reads German labels as German, not English ones
  frame.lang = locale.ui
  frame.dir = locale.dir
  if (config.color) paintBrand(frame, config.color)
  const launcher = createLauncher(doc, locale.words.open, onClick, onIntent)
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
