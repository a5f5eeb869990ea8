// Prints raw/gzip/brotli(q11) sizes of the built widget; the bench reads the JSON on the last line.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const dist = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', 'dist')

function measure(file) {
  const bytes = readFileSync(join(dist, file))
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  }
}

const entry = { file: 'widget.js', ...measure('widget.js') }
const chunks = readdirSync(dist)
  .filter((file) => file.endsWith('.js') && file !== 'widget.js')
  .sort()
  .map((file) => ({ file, ...measure(file) }))
const total = { raw: 0, gzip: 0, brotli: 0 }
for (const part of [entry, ...chunks]) {
  total.raw += part.raw
  total.gzip += part.gzip
  total.brotli += part.brotli
}
for (const part of [entry, ...chunks]) {
  console.log(`${part.file.padEnd(28)} raw ${part.raw}  gzip ${part.gzip}  brotli ${part.brotli}`)
}
console.log(`${'total'.padEnd(28)} raw ${total.raw}  gzip ${total.gzip}  brotli ${total.brotli}`)
console.log(JSON.stringify({ entry, chunks, total }))
