// What the panel's components need from @preact/signals and preact/hooks, in a fraction of
// their bytes (1.6 KB and 1 KB brotli).
//
// Signals (../signals.ts): a component re-renders when a signal it read while rendering
// changes. Left out, and so not to be used here: signals passed straight into JSX as text or
// DOM props (always read `.value`), the signal hooks, and @preact/signals'
// shouldComponentUpdate (a component re-renders with its parent).
//
// Hooks: useState, useRef and useEffect, their values kept in a list on the component's Preact
// instance, in call order. Effects run as Preact runs componentDidMount/DidUpdate, once the
// render is in the DOM (so useEffect runs where preact/hooks' useLayoutEffect would); what an
// effect returns runs before it runs again, and at unmount. Left out: preact/hooks'
// shouldComponentUpdate, its after-paint queue, and the hooks the panel does not use.
//
// The option and field names are Preact's mangled internals, the same ones @preact/signals and
// preact/hooks use: `__b` diff, `__r` render, `__e` catchError, `__c` the component, and a
// component's `__h` its render callbacks (run after the commit).
import { Fragment, options } from 'preact'
import { type Observer, track, untrack } from '../signals'

interface EffectState {
  deps?: unknown[]
  end?: unknown
}
interface Instance {
  /** Preact's render callbacks, called after the commit. */
  __h: (() => void)[]
  setState(state: object): void
  /** Re-renders this component when a signal it read while rendering changes. */
  __$u?: Observer
  /** The values of this component's hooks, in call order. */
  __$h?: unknown[]
}
type Hooked = Record<string, ((...args: never[]) => void) | undefined>
interface RenderedVNode {
  type: unknown
  __c?: Instance
}

let end: (() => void) | undefined
/** The component rendering now, and how many hooks it has called so far. */
let current: Instance
let index = 0

/** Ends the tracking of the component that was rendering, and starts `next`'s, if any. */
function tracking(next?: Observer) {
  const done = end
  end = undefined
  done?.()
  if (next) end = track(next)
}

function hook<A extends unknown[]>(name: string, run: (...args: A) => void, after?: boolean) {
  const hooked = options as unknown as Hooked
  const old = hooked[name] as ((...args: A) => void) | undefined
  hooked[name] = ((...args: A) => {
    if (after) old?.(...args)
    run(...args)
    if (!after) old?.(...args)
  }) as unknown as Hooked[string]
}

hook('__b', () => tracking())
hook('__e', () => tracking())
hook('diffed', () => tracking())
hook(
  '__r',
  (vnode: RenderedVNode) => {
    const component = vnode.__c
    if (vnode.type === Fragment || !component) return
    current = component
    index = 0
    component.__$u ??= { deps: new Set(), notify: () => component.setState({}) }
    tracking(component.__$u)
  },
  true,
)
hook('unmount', (vnode: RenderedVNode) => {
  const component = vnode.__c
  if (component?.__$u) untrack(component.__$u)
  // the effects' cleanups (refs and states have no `end`)
  for (const state of component?.__$h ?? []) cleanUp(state as EffectState)
})

/** This hook's value in the rendering component: `create()` on its first render. */
function slot<T>(create: () => T): T {
  current.__$h ??= []
  const list = current.__$h
  const i = index++
  if (!(i in list)) list[i] = create()
  return list[i] as T
}

export const useRef = <T>(initial: T | null): { current: T | null } =>
  slot(() => ({ current: initial }))

/** A value and its setter; the component re-renders when the setter changes the value. */
export function useState<T>(initial: T): [T, (value: T) => void] {
  const component = current
  const state: [T, (value: T) => void] = slot(() => [
    initial,
    (value) => {
      if (value !== state[0]) {
        state[0] = value
        component.setState({})
      }
    },
  ])
  return state
}

/**
 * Runs `effect` after the render is committed: on every render without `deps`, else when one of
 * them changed. What it returns runs before it runs again, and when the component unmounts.
 */
export function useEffect(effect: () => unknown, deps?: unknown[]) {
  const state = slot<EffectState>(() => ({}))
  if (!deps || !state.deps || deps.some((value, i) => value !== state.deps?.[i])) {
    state.deps = deps
    current.__h.push(() => {
      cleanUp(state)
      state.end = effect()
    })
  }
}

function cleanUp(state: EffectState) {
  if (typeof state.end === 'function') state.end()
}
