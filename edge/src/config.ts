import { z } from 'zod'
import { type ModelPrices, parseModelPrices } from './ai/prices'

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional()

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  DATA_DIR: optionalString,
  DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: 'DATABASE_URL is set but is not a postgres:// URL',
  }),
  ADMIN_API_KEY: optionalString,
  SESSION_SECRET: optionalString,
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.refine((v) => v === undefined || /^https?:\/\//.test(v), {
    message: 'OPENAI_BASE_URL must be an http(s) URL such as http://localhost:11434/v1',
  }),
  CHAT_MODEL: optionalString,
  EMBEDDING_MODEL: optionalString,
  MODEL_PRICES: optionalString,
  OFFLINE_TOKEN_DELAY_MS: z.coerce.number().int().min(0).max(1000).optional(),
  RATE_LIMIT_CHAT_PER_SESSION: z.coerce.number().int().min(1).max(1_000_000).optional(),
  RATE_LIMIT_CHAT_PER_IP: z.coerce.number().int().min(1).max(1_000_000).optional(),
  RATE_LIMIT_SESSIONS_PER_IP: z.coerce.number().int().min(1).max(1_000_000).optional(),
  TRUSTED_IP_HEADER: z
    .enum(['cf-connecting-ip', 'x-forwarded-for', 'x-real-ip', 'none'], {
      message: 'TRUSTED_IP_HEADER must be cf-connecting-ip, x-forwarded-for, x-real-ip or none',
    })
    .optional(),
  MODEL_FIRST_TOKEN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).optional(),
  MODEL_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).optional(),
  EMBEDDING_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).optional(),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).optional(),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(100).max(3_600_000).optional(),
  OUTBOUND_PRIVATE_HOSTS: z
    .enum(['allow', 'deny'], { message: 'OUTBOUND_PRIVATE_HOSTS must be allow or deny' })
    .optional(),
  NODE_ENV: optionalString,
})

export interface Config {
  port: number
  dataDir: string | undefined
  databaseUrl: string | undefined
  adminApiKey: string | undefined
  /** HMAC key for session tokens. */
  sessionSecret: string
  /** True when SESSION_SECRET was not set and a development secret is in use. */
  sessionSecretIsDefault: boolean
  openaiApiKey: string | undefined
  openaiBaseUrl: string | undefined
  chatModel: string
  embeddingModel: string
  /** USD per 1M tokens by model id: defaults (ai/prices.ts) with MODEL_PRICES applied. */
  modelPrices: ModelPrices
  /** Pace of the offline model's stream, so the demo reads like a real model. */
  offlineTokenDelayMs: number
  /** Session tokens live this long; the widget starts over after expiry. */
  sessionTtlSeconds: number
  /** Largest accepted JSON body. */
  maxBodyBytes: number
  /** Default per-minute limits; a bot's `rate_limits` overrides them (edge/src/http/rate-limit.ts). */
  rateLimits: {
    chatPerSession: number
    chatPerIp: number
    sessionsPerIp: number
    /** Teaser counts (shown, opened, asked) a minute per client IP: each one is a write. */
    teaserEventsPerIp: number
  }
  /** The header a trusted proxy puts the client IP in; undefined: the socket address (Node). */
  trustedIpHeader: 'cf-connecting-ip' | 'x-forwarded-for' | 'x-real-ip' | undefined
  /** An expired token can still be renewed this long after its expiry. */
  sessionRenewGraceSeconds: number
  /** No renewal for a session older than this: its token family ends. */
  sessionMaxAgeSeconds: number
  /**
   * Parley's own limits on a model call: the first text may take this long, and no gap between
   * two chunks may be longer. Past either, the answer fails with a retryable error.
   */
  modelFirstTokenTimeoutMs: number
  modelIdleTimeoutMs: number
  /** An embedding call (a turn's query) past this falls back to full-text retrieval. */
  embeddingTimeoutMs: number
  /**
   * The live state of an answer: its text is checkpointed to its row this often, followers on
   * other instances poll the row this often, and an answer with no checkpoint for `leaseMs` has
   * lost its generator.
   */
  answers: { checkpointMs: number; pollMs: number; leaseMs: number }
  /**
   * A shopper's open widget waits for the team's messages (GET /v1/sessions/:id/events): the
   * edge reads the database this often, and answers empty after `waitMs`.
   */
  sessionEvents: { pollMs: number; waitMs: number }
  /**
   * Webhook deliveries: each call to a receiver gets `timeoutMs`; a failed one is tried again
   * after retryBaseMs, doubling, at most `maxAttempts` times.
   */
  webhooks: { timeoutMs: number; retryBaseMs: number; maxAttempts: number }
  /**
   * Whether an owner's sitemap, order endpoint and webhooks may be on a private network
   * (services/outbound.ts): denied in production, allowed in development (a shop on localhost).
   */
  outbound: { allowPrivateHosts: boolean }
}

const DEV_SESSION_SECRET = 'parley-dev-session-secret-do-not-use-in-production'

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`[parley] bad configuration: ${issue?.path.join('.')}: ${issue?.message}`)
  }
  const e = parsed.data
  if (e.NODE_ENV === 'production' && !e.SESSION_SECRET) {
    throw new Error('[parley] SESSION_SECRET must be set in production (32+ random characters)')
  }
  if (e.SESSION_SECRET && e.SESSION_SECRET.length < 16) {
    throw new Error('[parley] SESSION_SECRET is too short: use at least 16 random characters')
  }
  return {
    port: e.PORT,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    adminApiKey: e.ADMIN_API_KEY,
    sessionSecret: e.SESSION_SECRET ?? DEV_SESSION_SECRET,
    sessionSecretIsDefault: !e.SESSION_SECRET,
    openaiApiKey: e.OPENAI_API_KEY,
    openaiBaseUrl: e.OPENAI_BASE_URL,
    chatModel: e.CHAT_MODEL ?? (e.OPENAI_API_KEY ? 'gpt-4o-mini' : 'offline-extractive'),
    embeddingModel:
      e.EMBEDDING_MODEL ?? (e.OPENAI_API_KEY ? 'text-embedding-3-small' : 'offline-glove-384'),
    modelPrices: parseModelPrices(e.MODEL_PRICES),
    offlineTokenDelayMs: e.OFFLINE_TOKEN_DELAY_MS ?? 12,
    sessionTtlSeconds: 60 * 60 * 24 * 30,
    maxBodyBytes: 64 * 1024,
    rateLimits: {
      chatPerSession: e.RATE_LIMIT_CHAT_PER_SESSION ?? 20,
      chatPerIp: e.RATE_LIMIT_CHAT_PER_IP ?? 60,
      sessionsPerIp: e.RATE_LIMIT_SESSIONS_PER_IP ?? 10,
      teaserEventsPerIp: 120,
    },
    trustedIpHeader: e.TRUSTED_IP_HEADER === 'none' ? undefined : e.TRUSTED_IP_HEADER,
    sessionRenewGraceSeconds: 7 * 24 * 60 * 60,
    sessionMaxAgeSeconds: 180 * 24 * 60 * 60,
    modelFirstTokenTimeoutMs: e.MODEL_FIRST_TOKEN_TIMEOUT_MS ?? 20_000,
    modelIdleTimeoutMs: e.MODEL_IDLE_TIMEOUT_MS ?? 15_000,
    embeddingTimeoutMs: e.EMBEDDING_TIMEOUT_MS ?? 8_000,
    answers: { checkpointMs: 250, pollMs: 200, leaseMs: 15_000 },
    sessionEvents: { pollMs: 250, waitMs: 25_000 },
    webhooks: {
      timeoutMs: e.WEBHOOK_TIMEOUT_MS ?? 5_000,
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS ?? 15_000,
      maxAttempts: 8,
    },
    outbound: {
      allowPrivateHosts:
        (e.OUTBOUND_PRIVATE_HOSTS ?? (e.NODE_ENV === 'production' ? 'deny' : 'allow')) === 'allow',
    },
  }
}
