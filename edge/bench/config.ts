import { type Config, parseConfig } from '../src/config'

/** Benchmarks measure the pipeline, not the abuse limits: rate limits are lifted. */
export function benchConfig(): Config {
  const config = parseConfig({ SESSION_SECRET: 'bench-secret-0123456789abcdef' })
  return { ...config, rateLimits: { chatPerSession: 1e9, chatPerIp: 1e9, sessionsPerIp: 1e9 } }
}
