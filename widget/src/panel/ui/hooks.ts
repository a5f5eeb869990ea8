// The four hooks the panel uses, in place of preact/hooks (1 KB brotli, a third of it for
// features the panel has no use for: its shouldComponentUpdate, useId, error boundaries, the
// after-paint queue). A component's hook values live in a list on its Preact instance, in call
// order. Effects run as Preact runs componentDidMount/DidUpdate: once the render is in the DOM
// (`__h` is the component's render callbacks; so useEffect runs where useLayoutEffect would),
// and their cleanups before they run again and at unmount (componentWillUnmount).
import { hook } from './track-signals'

interface Instance {
  /** Preact's render callbacks, called after the commit. */
  __h: (() => void)[]
  setState(state: object): void
  componentWillUnmount?(): void
  /** The values of this component's hooks, in call order. */
  __$h?: unknown[]
}

let current: Instance
let index = 0

hook(
  '__r',
  (vnode: { __c: Instance }) => {
    current = vnode.__c
    index = 0
  },
  true,
)

/** This hook's value in the rendering component: `create()` on its first render. */
function slot<T>(create: (component: Instance) => T): T {
  current.__$h ??= []
  const list = current.__$h
  const i = index++
  if (!(i in list)) list[i] = create(current)
  return list[i] as T
}

export const useRef = <T>(initial: T | null): { current: T | null } =>
  slot(() => ({ current: initial }))

/** A value and its setter; the component re-renders when the setter changes the value. */
export function useState<T>(initial: T): [T, (value: T) => void] {
  const state = slot((component) => {
    const s = {
      v: initial,
      set(value: T) {
        if (value !== s.v) {
          s.v = value
          component.setState({})
        }
      },
    }
    return s
  })
  return [state.v, state.set]
}

/**
 * Runs `effect` after the render is committed: on every render without `deps`, else when one of
 * them changed. What it returns runs before it runs again, and when the component unmounts.
 */
export function useEffect(effect: () => unknown, deps?: unknown[]) {
  const state = slot((component) => {
    const s: { deps?: unknown[]; end?: unknown } = {}
    const unmount = component.componentWillUnmount
    component.componentWillUnmount = () => {
      unmount?.()
      end(s)
    }
    return s
  })
  if (!deps || !state.deps || deps.some((value, i) => value !== state.deps?.[i])) {
    state.deps = deps
    current.__h.push(() => {
      end(state)
      state.end = effect()
    })
  }
}

function end(state: { end?: unknown }) {
  if (typeof state.end === 'function') state.end()
  state.end = undefined
}
