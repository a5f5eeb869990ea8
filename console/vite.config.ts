import preact from '@preact/preset-vite'
import { defineConfig } from 'vite'

// The edge serves dist/ at /admin/ under a strict CSP (script-src 'self', style-src 'self'):
// no inline script may appear in index.html, so Vite's module-preload polyfill stays out, and
// the PDF parser and its worker are separate files loaded only when an owner picks a PDF.
const edge = process.env.PARLEY_EDGE ?? 'http://localhost:8891'

export default defineConfig({
  base: '/admin/',
  plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false })],
  server: {
    // The API, the widget and the widget's lazily loaded panel chunk all come from the edge.
    proxy: { '/v1': edge, '/widget.js': edge, '^/panel-.*\\.js$': edge },
  },
  build: {
    target: 'es2022',
    modulePreload: { polyfill: false },
    emptyOutDir: true,
    assetsInlineLimit: 0,
    rolldownOptions: {
      output: {
        // uPlot rides in the entry: the overview draws it at sign-in anyway.
        chunkFileNames: 'assets/[name]-[hash].js',
      },
    },
  },
})
