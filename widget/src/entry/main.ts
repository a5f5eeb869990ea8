// Script-tag entry, built to dist/widget.js. It runs as a classic <script async>, so it is
// built as an IIFE (no import/export survives, no globals but window.Parley) and the Preact
// panel comes later through import() of a URL resolved against this script's own src: a
// dynamic import in a classic script resolves against the document, not the script.
// Everything this file imports ships on every page view; bundles.test.ts keeps Preact and
// src/panel/ out of it.
import type { PanelModule } from '../shared/panel-contract'
import type { TeaserModule } from '../shared/teaser-contract'
import { readConfig } from './config'
import { installParley } from './parley'
import type { ParleyApi } from './public-api'

declare const __PANEL_FILE__: string
declare const __TEASER_FILE__: string

// Only readable while this script first runs, so before anything async.
const script =
  (document.currentScript as HTMLScriptElement | null) ??
  document.querySelector<HTMLScriptElement>('script[data-bot][src]')

try {
  const existing = (window as Window & { Parley?: Partial<ParleyApi> }).Parley
  if (typeof existing?.destroy === 'function') {
    console.warn(
      '[parley] widget.js is already running; call Parley.destroy() before loading it again',
    )
  } else {
    const result = readConfig(script, location.href)
    if (result.ok) {
      const chunk = (file: string) => new URL(file, result.config.scriptSrc).href
      installParley(
        window,
        result.config,
        () => import(/* @vite-ignore */ chunk(__PANEL_FILE__)) as Promise<PanelModule>,
        () => import(/* @vite-ignore */ chunk(__TEASER_FILE__)) as Promise<TeaserModule>,
      )
    } else {
      console.error(`[parley] ${result.message}`)
    }
  }
} catch (error) {
  console.error('[parley] failed to start', error)
}
