// History is read on every page load (the server is the only source of truth) so `ready`
// means the conversation is known; the panel takes this first read instead of refetching.
import type { HistoryMessage } from '../shared/api-types'
import type { ChatApi } from '../shared/panel-contract'
import type { ApiClient } from './api/client'

export interface FirstHistory {
  /** Makes the first read, at start. */
  read(): Promise<HistoryMessage[]>
  /** The first read no longer holds (identify(), reset()): the panel reads again. */
  forget(): void
  /** The API the panel gets: its first history() takes the read made at start. */
  api: ChatApi
}

export function shareFirstHistory(api: ApiClient): FirstHistory {
  let first: Promise<HistoryMessage[]> | undefined
  return {
    read: () => {
      first = api.history()
      return first
    },
    forget: () => {
      first = undefined
    },
    api: {
      ...api,
      history: () => {
        const read = first
        first = undefined
        return read ?? api.history()
      },
    },
  }
}
