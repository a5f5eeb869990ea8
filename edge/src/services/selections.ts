// "Ask about this": storing what the shopper selected, and reading it back for a turn.
import { z } from 'zod'
import { insertSelection, setSelectionEmbedding } from '../db/selections'
import type { Deps } from '../deps'
import { pageContextSchema } from '../schemas'

export const createSelectionSchema = z.object({
  sessionId: z.string().uuid(),
  text: z
    .string()
    .max(2000)
    .refine((t) => t.trim().length > 0, { message: 'text must not be empty' }),
  pageUrl: z
    .string()
    .max(2048)
    .pipe(z.url({ protocol: /^https?$/, hostname: z.regexes.hostname })),
  surroundingText: z.string().max(4000).optional(),
  context: pageContextSchema.optional(),
})

export type CreateSelection = z.infer<typeof createSelectionSchema>

/**
 * Stores the selection and answers at once; the embedding is computed and written in the
 * background, because the widget sends the chat turn right after this and an embedding API
 * call (~100–300 ms with OpenAI) would delay the answer's first byte. The turn itself only
 * needs the text.
 */
export async function storeSelection(
  deps: Deps,
  sessionId: string,
  body: CreateSelection,
): Promise<string> {
  const text = body.text.trim()
  const surrounding = body.surroundingText?.trim()
  const id = await insertSelection(deps.db, {
    sessionId,
    text,
    pageUrl: body.pageUrl,
    surroundingText: surrounding || null,
    metadata: body.context ? { page: body.context } : {},
  })
  deps.waitUntil(embedSelection(deps, sessionId, id, text))
  return id
}

async function embedSelection(deps: Deps, sessionId: string, id: string, text: string) {
  try {
    const [vector] = await deps.embedder.embed([text])
    if (vector) await setSelectionEmbedding(deps.db, id, vector, deps.embedder.model)
  } catch (error) {
    // The selection still grounds its answer; only similarity over selections misses it.
    deps.logger.log({
      level: 'warn',
      module: 'selections',
      message:
        `could not embed selection: ${error instanceof Error ? error.message : String(error)}`.slice(
          0,
          500,
        ),
      sessionId,
      context: { selectionId: id },
    })
  }
}
