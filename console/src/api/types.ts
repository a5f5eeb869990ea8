// Shapes of the admin API's JSON, as the edge sends them (edge/src/routes/admin/*).

export type Role = 'owner' | 'editor' | 'agent' | 'viewer'

export interface Me {
  kind: 'operator' | 'organization'
  role: Role
  keyId: string | null
  keyName: string
  organization: { id: string; name: string } | null
}

export interface Window {
  from: string
  to: string
  botId: string | null
}

export interface Overview {
  window: Window
  sessions: number
  uniqueVisitors: number
  messages: number
  questions: number
  answers: number
  failedAnswers: number
  errorRate: number | null
  latencyMs: { p50: number | null; p95: number | null }
  firstTokenMs: { p50: number | null; p95: number | null }
  tokens: { input: number; output: number; total: number }
  costUsd: number
  modelCalls: number
  feedback: { up: number; down: number; ratio: number | null }
  fallbacks: number
  fallbackRate: number | null
  satisfaction: { responses: number; average: number | null }
}

export interface DayPoint {
  day: string
  sessions: number
  questions: number
  answers: number
  failed: number
  fallbacks: number
  up: number
  down: number
  latencyP50: number | null
  tokens: number
  costUsd: number
}

export interface ModelCallGroup {
  purpose: string
  provider: string
  model: string
  calls: number
  failures: number
  inputTokens: number
  outputTokens: number
  costUsd: number
  durationMs: { avg: number | null; p95: number | null }
}

export interface TopQuestion {
  question: string
  count: number
  sessions: number
  lastAskedAt: string
}

export interface UnansweredItem {
  messageId: string
  sessionId: string
  question: string
  answer: string
  reasons: ('fallback' | 'thumbs_down' | 'failed')[]
  comment: string | null
  pageUrl: string | null
  createdAt: string
}

export interface HandoffFigures {
  conversations: number
  handoffs: number
  handoffRate: number | null
  claimed: number
  released: number
  leads: number
  firstHumanReplyMs: { p50: number | null; p95: number | null }
}

export interface ProductViews {
  productViews: number
  productPages: number
  pagesWithoutProduct: { url: string; views: number }[]
}

export interface SelectedPassage {
  pageUrl: string
  text: string
  count: number
  sessions: number
}

export interface ConversationSummary {
  id: string
  botId: string
  botName: string
  visitorId: string | null
  userId: string | null
  userName: string | null
  origin: string | null
  pageUrl: string | null
  firstQuestion: string | null
  messageCount: number
  userTurns: number
  totalTokens: number
  costUsd: number
  feedback: { up: number; down: number }
  failedAnswers: number
  createdAt: string
  lastActivityAt: string
  archivedAt?: string | null
}

export interface Selection {
  id: string
  text: string
  pageUrl: string
  surroundingText: string | null
}

export interface Source {
  url: string
  title?: string
}

/** A stored UI-message-stream chunk kept with an answer (tool calls and their results). */
export interface StoredPart {
  type: string
  toolCallId?: string
  toolName?: string
  input?: unknown
  output?: unknown
  data?: unknown
}

export interface Message {
  id: string
  role: 'user' | 'assistant' | 'agent' | 'system'
  content: string
  author?: string | null
  status: string
  sequence: number
  sources: Source[] | null
  pageContext: { url?: string; title?: string; product?: { name?: string } } | null
  selection: Selection | null
  model: string | null
  inputTokens: number | null
  outputTokens: number | null
  costUsd: number | null
  latencyMs: number | null
  firstTokenMs: number | null
  error: string | null
  feedback: 'up' | 'down' | null
  feedbackComment: string | null
  createdAt: string
  parts?: StoredPart[]
}

export interface ModelCall {
  id: string
  messageId: string | null
  purpose: string
  model: string
  inputTokens: number
  outputTokens: number
  costUsd: number
  durationMs: number | null
  success: boolean
  error: string | null
  createdAt: string
}

export interface Conversation {
  session: ConversationSummary & {
    userAgent: string | null
    currentPage: { url?: string } | null
    satisfaction: number | null
  }
  totals: { modelCalls: number; inputTokens: number; outputTokens: number; costUsd: number }
  messages: Message[]
  modelCalls: ModelCall[]
  selections: Selection[]
}

export interface InboxItem {
  handoffId: string
  conversationId: string
  botId: string
  botName: string
  status: 'waiting' | 'claimed' | 'released'
  reason: string
  pageUrl: string | null
  requestedAt: string
  claimedAt: string | null
  agentName: string | null
  userName: string | null
  messageCount: number
  summary: string | null
  lastMessages: { role: string; content: string; author: string | null; createdAt: string }[]
}

export interface HandoffSettings {
  enabled?: boolean
  timeZone?: string
  officeHours?: Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', string>>
  reminderMinutes?: number
}

export interface LocaleSettings {
  welcomeMessage?: string
  starterQuestions?: string[]
  disclosure?: string
}

/** A proactive teaser: a bubble by the launcher on pages whose path matches. */
export interface Teaser {
  id: string
  pathPattern: string
  delaySeconds?: number
  scrollPercent?: number
  /** Per language tag. */
  text: Record<string, string>
  enabled: boolean
}

export interface TeaserFigures {
  botId: string
  teaserId: string
  pathPattern: string | null
  shown: number
  opened: number
  asked: number
}

export interface Bot {
  id: string
  organizationId: string
  publicKey: string
  name: string
  status: 'active' | 'disabled'
  systemPrompt: string
  model: string | null
  modelSettings: {
    temperature?: number
    topP?: number
    maxOutputTokens?: number
    presencePenalty?: number
    frequencyPenalty?: number
  }
  retrievalK: number
  scoreThreshold: number
  contextBudget: number
  historyWindow: number
  welcomeMessage: string
  defaultLanguage: string
  locales: Record<string, LocaleSettings>
  disclosure: string | null
  allowUserHash: boolean
  fallbackMessage: string
  starterQuestions: string[]
  theme: { color?: string; position?: 'left' | 'right'; mode?: 'light' | 'dark' | 'auto' }
  nudge: { afterTurns?: number; label?: string; payload?: string }
  handoff: HandoffSettings
  allowedOrigins: string[]
  retentionDays: number
  rateLimits: {
    chatPerSession?: number
    chatPerIp?: number
    sessionsPerIp?: number
    teaserEventsPerIp?: number
  }
  teasers: Teaser[]
  secretRotatedAt: string | null
  createdAt: string
  updatedAt: string
}

export interface KnowledgeSource {
  sourceId: string
  sourceType: string
  title: string | null
  url: string | null
  chunks: number
  updatedAt: string
}

export interface UploadResult {
  files: { name: string; documents: number; chunks: number; error?: string }[]
}

export interface SearchResult {
  sourceId: string
  sourceType: string
  url: string | null
  title: string | null
  score: number
  content: string
  why?: string
}

export interface AskResult {
  answer: string
  /** url is null for a source without a page (a correction by the shop team). */
  sources: { title: string; url: string | null; sourceType: string }[]
  model: string
  offline: boolean
}

export type CorrectionType = 'accuracy' | 'tone' | 'completeness' | 'relevance'
export type Severity = 'low' | 'medium' | 'high'

export interface Correction {
  id: string
  botId: string
  messageId: string | null
  sessionId: string | null
  question: string
  originalAnswer: string | null
  type: CorrectionType
  severity: Severity
  correction: string
  status: 'active' | 'withdrawn'
  createdBy: string
  createdAt: string
  updatedAt: string
}

export interface AuditEvent {
  id: string
  at: string
  actor: { keyId: string | null; name: string; role: string }
  action: string
  targetType: string
  targetId: string | null
  botId: string | null
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

export interface ApiKey {
  id: string
  name: string
  role: Role
  prefix: string
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}

export interface Webhook {
  id: string
  botId: string
  kind: string
  name: string
  url: string
  secretPrefix: string
  events: string[]
  format: 'json' | 'slack'
  active: boolean
  health: { lastSuccessAt: string | null; lastFailureAt: string | null; lastError: string | null }
}

export interface OrdersEndpoint {
  kind: 'orders'
  url: string | null
  secretSet: boolean
  updatedAt: string | null
}

export interface Lead {
  id: string
  botId: string
  botName: string | null
  conversationId: string | null
  name: string
  email: string
  message: string
  pageUrl: string | null
  consentAt: string | null
  createdAt: string
}
