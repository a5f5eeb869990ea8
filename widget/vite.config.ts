import preact from '@preact/preset-vite'
import { build, defineConfig, type Plugin } from 'vite'

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
      const panel = Object.values(bundle).find((file) => file.type === 'chunk' && file.isEntry)
      if (!panel) this.error('[parley] the panel build produced no entry chunk')
      await build({
        configFile: false,
        root,
        publicDir: false,
        logLevel: 'warn',
        define: { __PANEL_FILE__: JSON.stringify(`./${panel.fileName}`) },
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

export default defineConfig({
  plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false }), buildEntry()],
  publicDir: false,
  build: {
    target: 'es2022',
    modulePreload: false,
    emptyOutDir: true,
    rolldownOptions: {
      input: { panel: 'src/panel/main.tsx' },
      // Vite strips entry exports in app builds; the entry calls mountPanel() from this chunk.
      preserveEntrySignatures: 'strict',
      output: {
        format: 'es',
        entryFileNames: 'panel-[hash].js',
        chunkFileNames: 'panel-[name]-[hash].js',
      },
    },
  },
})
