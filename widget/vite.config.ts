import preact from '@preact/preset-vite'
import { type MinifyOptions, minify } from 'terser'
import { build, defineConfig, type Plugin } from 'vite'
import { INTERNAL_PROPS } from './mangle.ts'

// Every byte of dist/widget.js is paid by every page view of every shop, so the bundles get a
// second minifier pass: terser over Vite's own (oxc) output wins ~100 B brotli on the entry
// and ~200 B on the panel (measured with scripts/size.mjs), more than either minifier alone.
const TERSER: MinifyOptions = {
  ecma: 2020,
  module: true,
  toplevel: true,
  compress: {
    passes: 3,
    unsafe_arrows: true,
    unsafe_methods: true,
    pure_getters: true,
    sequences: false,
    hoist_vars: true,
  },
  // the panel's own long property names (mangle.ts), ~100 B brotli
  mangle: { properties: { regex: new RegExp(`^(${INTERNAL_PROPS.join('|')})$`) } },
}

function terser(): Plugin {
  return {
    name: 'parley:terser',
    apply: 'build',
    async generateBundle(_, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'chunk') continue
        const { code } = await minify(file.code, TERSER)
        if (code) file.code = code
      }
    },
  }
}

// Two builds, because the two files need different formats. The panel is an ES module the
// entry pulls in with import(); the entry (dist/widget.js) is pasted as a classic
// <script async>, so it must be an IIFE with no import/export and must know the panel's
// hashed file name. This config builds the panel; once it is written, the plugin below
// builds the entry with that name baked in.
function buildEntry(): Plugin {
  let root = '.'
  return {
    name: 'parley:entry',
    apply: 'build',
    configResolved(config) {
      root = config.root
    },
    async writeBundle(options, bundle) {
      const entry = (name: string) => {
        const found = Object.values(bundle).find(
          (file) => file.type === 'chunk' && file.isEntry && file.name === name,
        )
        if (!found) this.error(`[parley] the chunk build produced no ${name} chunk`)
        return found
      }
      const panel = entry('panel')
      const teaser = entry('teaser')
      await build({
        configFile: false,
        root,
        publicDir: false,
        logLevel: 'warn',
        plugins: [terser()],
        define: {
          __PANEL_FILE__: JSON.stringify(`./${panel.fileName}`),
          __TEASER_FILE__: JSON.stringify(`./${teaser.fileName}`),
        },
        build: {
          outDir: options.dir,
          emptyOutDir: false,
          target: 'es2022',
          modulePreload: false,
          rolldownOptions: {
            input: 'src/entry/main.ts',
            output: { format: 'iife', entryFileNames: 'widget.js' },
          },
        },
      })
    },
  }
}

// JSX as h(type, props, ...children) instead of jsx(type, { ...props, children }): the
// children need no `children:` key in every element's props, ~110 B brotli off the panel.
// Only .tsx files get the import (the entry and the teaser have no JSX and no Preact).
function classicJsx(): Plugin {
  return {
    name: 'parley:classic-jsx',
    enforce: 'pre',
    config: () => ({ oxc: { jsx: { runtime: 'classic', pragma: '__h', pragmaFrag: '__F' } } }),
    transform(code, id) {
      if (id.endsWith('.tsx')) return `import { Fragment as __F, h as __h } from 'preact';${code}`
    },
  }
}

export default defineConfig({
  plugins: [
    preact({ devToolsEnabled: false, prefreshEnabled: false }),
    classicJsx(),
    terser(),
    buildEntry(),
  ],
  publicDir: false,
  build: {
    target: 'es2022',
    modulePreload: false,
    emptyOutDir: true,
    rolldownOptions: {
      // The teaser bubble is a chunk of its own: only pages a teaser rule matches download it.
      input: { panel: 'src/panel/main.tsx', teaser: 'src/teaser/main.ts' },
      // Vite strips entry exports in app builds; the entry calls mountPanel() from this chunk.
      preserveEntrySignatures: 'strict',
      output: {
        format: 'es',
        entryFileNames: '[name]-[hash].js',
        chunkFileNames: 'panel-[name]-[hash].js',
      },
    },
  },
})
