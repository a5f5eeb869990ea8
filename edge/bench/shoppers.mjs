// The shoppers of a burst, in their own thread (a worker of concurrency.ts): N chats sent at the
// same moment, each read to its end, timed from the send. Run apart from the edge's thread, so the
// edge's numbers are the edge's, not the load generator's (in one thread the client's own
// HTTP work delayed the requests' arrival by seconds).
import { parentPort, workerData } from 'node:worker_threads'

const { url, origin, sessions } = workerData
const firstBytes = []
const firstTexts = []
const totals = []
const failures = []
parentPort.postMessage('ready')
await new Promise((resolve) => parentPort.once('message', resolve))
const started = performance.now()
await Promise.all(
  sessions.map(async (s, i) => {
    const t0 = performance.now()
    try {
      const res = await fetch(`${url}/v1/chat`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${s.token}`,
          origin,
        },
        body: JSON.stringify({
          sessionId: s.sessionId,
          message: { id: `c-${i}`, text: 'What is your return policy?' },
          context: { url: `${origin}/products/oak-dining-table.html` },
        }),
      })
      const reader = res.body.getReader()
      const decoder = new TextDecoder()
      let body = ''
      let first = 0
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        if (!body) firstBytes.push(performance.now() - t0)
        body += decoder.decode(value, { stream: true })
        if (!first && body.includes('"text-delta"')) first = performance.now() - t0
      }
      if (!body.includes('[DONE]') || body.includes('"type":"error"'))
        failures.push(`${res.status} ${body.slice(0, 120)}`)
      firstTexts.push(first)
      totals.push(performance.now() - t0)
    } catch (error) {
      failures.push(String(error).slice(0, 120))
    }
  }),
)
parentPort.postMessage({
  firstBytes,
  firstTexts,
  totals,
  failures,
  wall: performance.now() - started,
})
