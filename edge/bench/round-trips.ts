// Database round trips of one chat turn, counted with a counting driver around PGlite: before
// the response starts, before the first text, and in all (checkpoints and the final write
// included). Run: pnpm --filter ./edge exec tsx bench/round-trips.ts
import type { Db } from '../src/db/index'
import { chatRequest, createSession, createTestDb, createTestEdge } from '../test/helpers'

const inner = await createTestDb()
let count = 0
const statements: string[] = []
const counting: Db = {
  ...inner,
  kind: inner.kind,
  query: (text, params) => {
    count++
    statements.push(text.replace(/\s+/g, ' ').slice(0, 60))
    return inner.query(text, params)
  },
  exec: inner.exec,
  transaction: inner.transaction,
  close: inner.close,
}

const edge = createTestEdge(counting)
const session = await createSession(edge)
const runs: { response: number; firstText: number; total: number }[] = []
for (let i = 0; i < 5; i++) {
  count = 0
  statements.length = 0
  const res = await edge.app.request(
    '/v1/chat',
    chatRequest(session, `Do you deliver to Ireland? ${i}`),
  )
  const response = count
  const reader = res.body?.getReader()
  const decoder = new TextDecoder()
  let firstText = -1
  for (;;) {
    const { done, value } = (await reader?.read()) ?? { done: true, value: undefined }
    if (done) break
    if (firstText < 0 && decoder.decode(value).includes('"text-delta"')) firstText = count
  }
  await edge.settle()
  runs.push({ response, firstText, total: count })
}
console.log('[round-trips] per turn (5 turns, offline model, anonymous shopper):')
console.table(runs)
console.log('[round-trips] statements of the last turn:', statements)
await inner.close()
