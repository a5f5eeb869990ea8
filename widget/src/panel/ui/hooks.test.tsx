import { render } from 'preact'
import { describe, expect, it } from 'vitest'
import { useEffect, useRef, useState } from './hooks'

const settle = () => new Promise((resolve) => setTimeout(resolve))

describe('the panel hooks', () => {
  it('keeps state and refs per component instance and re-renders on a changed value', async () => {
    const log: string[] = []
    let set: ((value: number) => void) | undefined
    function Counter({ name }: { name: string }) {
      const [count, setCount] = useState(0)
      const ref = useRef<HTMLSpanElement>(null)
      const renders = useRef<number>(0)
      renders.current = (renders.current ?? 0) + 1
      if (name === 'a') set = setCount
      log.push(`${name}:${count}`)
      return (
        <span ref={ref}>
          {name}
          {count}
        </span>
      )
    }
    const root = document.createElement('div')
    render(
      <>
        <Counter name="a" />
        <Counter name="b" />
      </>,
      root,
    )
    expect(root.textContent).toBe('a0b0')
    set?.(2)
    await settle()
    expect(root.textContent).toBe('a2b0')
    set?.(2) // the same value: no render
    await settle()
    expect(log).toEqual(['a:0', 'b:0', 'a:2'])
  })

  it('runs an effect once the render is in the DOM, again when a dependency changes, and its cleanup before that and at unmount', async () => {
    const log: string[] = []
    function Effects({ dep }: { dep: number }) {
      const el = useRef<HTMLElement>(null)
      useEffect(() => {
        log.push(`dep ${dep} ${el.current?.isConnected}`)
        return () => log.push(`end ${dep}`)
      }, [dep])
      useEffect(() => {
        log.push('every render')
      })
      useEffect(() => {
        log.push('mount')
      }, [])
      return <b ref={el}>{dep}</b>
    }
    const root = document.createElement('div')
    document.body.append(root)
    render(<Effects dep={1} />, root)
    expect(log).toEqual(['dep 1 true', 'every render', 'mount'])
    log.length = 0
    render(<Effects dep={1} />, root)
    expect(log).toEqual(['every render'])
    log.length = 0
    render(<Effects dep={2} />, root)
    expect(log).toEqual(['end 1', 'dep 2 true', 'every render'])
    log.length = 0
    render(null, root)
    expect(log).toEqual(['end 2'])
    root.remove()
  })
})
