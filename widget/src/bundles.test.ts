// The widget ships as two bundles, and the folders say which: entry/ is dist/widget.js, which
// every page view downloads, panel/ is the lazy chunk with Preact, and shared/ holds the types
// both use. These tests walk the real import graph so that a stray import cannot quietly put
// Preact into every page view, or a second copy of entry code (whose classes `instanceof` would
// then not recognize) into the chunk.
//
// Type-only imports count: they are erased from the build, but they are where a value import
// starts, and what the two sides share belongs in shared/. A dynamic import() is not followed:
// it is how the entry loads the chunk (by URL, in entry/main.ts).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { INTERNAL_PROPS } from '../mangle'
import { EN } from './panel/i18n'

const src = dirname(fileURLToPath(import.meta.url))

interface Module {
  /** Resolved imports of this repo's files, relative to src/. */
  files: string[]
  /** Package imports, as written ('preact/hooks'). */
  packages: string[]
}

/** Every module specifier a file imports statically: import/export … from, and import('…') types. */
function readSpecifiers(path: string): string[] {
  const text = readFileSync(path, 'utf8')
  const kind = path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, kind)
  const specifiers: string[] = []
  const visit = (node: ts.Node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      specifiers.push(node.moduleSpecifier.text)
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      specifiers.push(node.argument.literal.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return specifiers
}

function resolveFile(from: string, specifier: string): string {
  const base = resolve(src, dirname(from), specifier)
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]
  const found = candidates.find((path) => /\.tsx?$/.test(path) && existsSync(path))
  if (!found) throw new Error(`${from} imports ${specifier}, which resolves to no .ts/.tsx file`)
  return relative(src, found)
}

function readModule(file: string): Module {
  const module: Module = { files: [], packages: [] }
  for (const specifier of readSpecifiers(join(src, file))) {
    if (specifier.startsWith('.')) module.files.push(resolveFile(file, specifier))
    else module.packages.push(specifier)
  }
  return module
}

/** Each file reachable from `entry`, with the chain of imports that first reached it. */
function walk(entry: string): Map<string, { module: Module; chain: string[] }> {
  const seen = new Map<string, { module: Module; chain: string[] }>()
  const queue: [string, string[]][] = [[entry, [entry]]]
  for (let next = queue.shift(); next; next = queue.shift()) {
    const [file, chain] = next
    if (seen.has(file)) continue
    const module = readModule(file)
    seen.set(file, { module, chain })
    for (const imported of module.files) queue.push([imported, [...chain, imported]])
  }
  return seen
}

/** "a → b → c" for every import in the graph that `isForbidden` flags. */
function findImports(entry: string, isForbidden: (specifier: string) => boolean): string[] {
  const found: string[] = []
  for (const { module, chain } of walk(entry).values()) {
    for (const target of [...module.files, ...module.packages]) {
      if (isForbidden(target)) found.push([...chain, target].join(' → '))
    }
  }
  return found
}

const isPreact = (specifier: string) => /^(preact|@preact\/)/.test(specifier)
const isIn = (folder: string) => (file: string) => file.startsWith(`${folder}/`)

function listSources(dir: string): string[] {
  return readdirSync(join(src, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = dir ? `${dir}/${entry.name}` : entry.name
    if (entry.isDirectory()) return listSources(path)
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : []
  })
}

describe('the two bundles', () => {
  it('keeps Preact, its signals and every panel file out of the script-tag entry', () => {
    expect(findImports('entry/main.ts', isPreact)).toEqual([])
    expect(findImports('entry/main.ts', isIn('panel'))).toEqual([])
  })

  it('keeps entry code out of the panel chunk', () => {
    expect(findImports('panel/main.tsx', isIn('entry'))).toEqual([])
  })

  it('keeps the teaser chunk to plain DOM: no Preact, no entry or panel code', () => {
    expect(findImports('teaser/main.ts', isPreact)).toEqual([])
    expect(findImports('teaser/main.ts', isIn('entry'))).toEqual([])
    expect(findImports('teaser/main.ts', isIn('panel'))).toEqual([])
  })

  it('keeps shared/ to types neither bundle owns', () => {
    for (const file of listSources('shared')) {
      const { files, packages } = readModule(file)
      expect(packages, file).toEqual([])
      expect(
        files.filter((imported) => !isIn('shared')(imported)),
        file,
      ).toEqual([])
    }
  })

  it('reads real imports: it finds Preact behind the panel and the contract behind the entry', () => {
    expect(findImports('panel/main.tsx', isPreact)).toEqual(
      expect.arrayContaining([
        'panel/main.tsx → preact',
        'panel/main.tsx → panel/ui/App.tsx → panel/ui/hooks.ts → preact',
      ]),
    )
    expect(walk('entry/main.ts').get('shared/panel-contract.ts')?.chain).toEqual([
      'entry/main.ts',
      'shared/panel-contract.ts',
    ])
  })

  it('has no import cycles in src', () => {
    const graph = new Map(listSources('').map((file) => [file, readModule(file).files]))
    const cycles: string[] = []
    const done = new Set<string>()
    const visit = (file: string, path: string[]) => {
      if (path.includes(file)) {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' → '))
        return
      }
      if (done.has(file)) return
      for (const imported of graph.get(file) ?? []) visit(imported, [...path, file])
      done.add(file)
    }
    for (const file of graph.keys()) visit(file, [])
    expect(cycles).toEqual([])
  })

  it('mangles only names the panel keeps to itself (mangle.ts)', () => {
    // identifiers of the entry, the teaser and shared/ (the boundary and the network's JSON)
    const outside = new Set<string>()
    for (const file of ['entry', 'teaser', 'shared'].flatMap(listSources)) {
      const path = join(src, file)
      const kind = path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS
      const visit = (node: ts.Node) => {
        if (ts.isIdentifier(node) || ts.isStringLiteral(node)) outside.add(node.text)
        ts.forEachChild(node, visit)
      }
      visit(
        ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, false, kind),
      )
    }
    const labels = Object.keys(EN)
    expect(INTERNAL_PROPS.filter((name) => outside.has(name) || labels.includes(name))).toEqual([])
    // and each is one the panel really uses, so the list does not go stale
    const panel = listSources('panel').map((file) => readFileSync(join(src, file), 'utf8'))
    expect(INTERNAL_PROPS.filter((name) => !panel.some((text) => text.includes(name)))).toEqual([])
  })
})
