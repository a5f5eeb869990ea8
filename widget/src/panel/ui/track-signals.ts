// Components re-render when a signal they read while rendering changes: the one thing the panel
// needs from @preact/signals, in a fifth of its bytes (1.6 KB brotli). Left out, and so not to
// be used here: signals passed straight into JSX as text or DOM props (always read `.value`),
// the signal hooks, and its shouldComponentUpdate (a component re-renders with its parent).
// The option and field names are Preact's and signals-core's mangled internals, the same ones
// @preact/signals itself uses: `__b` diff, `__r` render, `__e` catchError, `__c` the component;
// an effect's `S` starts tracking (returns the end) and `c` is what runs when a source changes.
import { effect } from '@preact/signals-core'
import { Fragment, options } from 'preact'

interface Updater {
  S(): () => void
  c(): void
  d(): void
}
type Hooked = Record<string, ((...args: never[]) => void) | undefined>
interface RenderedVNode {
  type: unknown
  __c?: { setState(state: object): void; __$u?: Updater }
}

let end: (() => void) | undefined

/** Ends the tracking of the component that was rendering, and starts `next`'s, if any. */
function track(next?: Updater) {
  const done = end
  end = undefined
  done?.()
  end = next?.S()
}

/** Runs `run` at one of Preact's option hooks, before the earlier hook or (`after`) after it. */
export function hook<A extends unknown[]>(
  name: string,
  run: (...args: A) => void,
  after?: boolean,
) {
  const hooked = options as unknown as Hooked
  const old = hooked[name] as ((...args: A) => void) | undefined
  hooked[name] = ((...args: A) => {
    if (after) old?.(...args)
    run(...args)
    if (!after) old?.(...args)
  }) as unknown as Hooked[string]
}

hook('__b', () => track())
hook('__e', () => track())
hook('diffed', () => track())
hook(
  '__r',
  (vnode: RenderedVNode) => {
    const component = vnode.__c
    if (vnode.type === Fragment || !component) return
    let updater = component.__$u
    if (!updater) {
      effect(function (this: Updater) {
        updater = this
      })
      ;(updater as unknown as Updater).c = () => component.setState({})
      component.__$u = updater
    }
    track(updater)
  },
  true,
)
hook('unmount', (vnode: RenderedVNode) => {
  vnode.__c?.__$u?.d()
})
