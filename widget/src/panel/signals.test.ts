import { describe, expect, it } from 'vitest'
import { batch, computed, effect, signal, track, untrack } from './signals'

describe('the panel’s signals', () => {
  it('reads and writes a value; peek reads without subscribing', () => {
    const count = signal(1)
    const seen: number[] = []
    effect(() => seen.push(count.peek()))
    count.value = 2
    expect([count.value, count.peek(), seen]).toEqual([2, 2, [1]])
  })

  it('runs an effect at once and after each change, not for a write of the same value', () => {
    const name = signal('a')
    const seen: string[] = []
    effect(() => seen.push(name.value))
    name.value = 'b'
    name.value = 'b'
    name.value = 'c'
    expect(seen).toEqual(['a', 'b', 'c'])
  })

  it('holds effects back until the outermost batch ends, and runs each once', () => {
    const a = signal(1)
    const b = signal(1)
    const seen: string[] = []
    effect(() => seen.push(`${a.value}+${b.value}`))
    const result = batch(() => {
      a.value = 2
      batch(() => {
        b.value = 3
      })
      expect(seen).toEqual(['1+1'])
      return 'done'
    })
    expect(result).toBe('done')
    expect(seen).toEqual(['1+1', '2+3'])
  })

  it('keeps a computed fresh inside a batch, and after a batch that puts a value back', () => {
    const status = signal('idle')
    const busy = computed(() => status.value === 'streaming')
    batch(() => {
      status.value = 'streaming'
      expect(busy.value).toBe(true)
      status.value = 'idle'
      expect(busy.value).toBe(false)
    })
    expect(busy.value).toBe(false)
    status.value = 'streaming'
    expect(busy.value).toBe(true)
  })

  it('passes a computed’s change on only when its value changed, and never half-updated', () => {
    const status = signal('idle')
    const busy = computed(() => status.value === 'submitted' || status.value === 'streaming')
    const seen: string[] = []
    effect(() => seen.push(`${status.value}:${busy.value}`))
    status.value = 'loading' // busy stays false; the effect reads status, so it runs
    status.value = 'submitted'
    status.value = 'streaming'
    expect(seen).toEqual(['idle:false', 'loading:false', 'submitted:true', 'streaming:true'])
    const onlyBusy: boolean[] = []
    effect(() => onlyBusy.push(busy.value))
    status.value = 'idle'
    status.value = 'loading'
    expect(onlyBusy).toEqual([true, false])
  })

  it('follows only what the last run read', () => {
    const on = signal(true)
    const a = signal(1)
    const b = signal(1)
    let runs = 0
    effect(() => {
      runs++
      return on.value ? a.value : b.value
    })
    b.value = 2 // not read yet
    expect(runs).toBe(1)
    on.value = false
    a.value = 2 // no longer read
    expect(runs).toBe(2)
    b.value = 3
    expect(runs).toBe(3)
  })

  it('stops an effect for good, even one already queued', () => {
    const count = signal(0)
    const seen: number[] = []
    const stop = effect(() => seen.push(count.value))
    batch(() => {
      count.value = 1
      stop()
    })
    count.value = 2
    expect(seen).toEqual([0])
  })

  it('runs what an effect’s own writes trigger, in the same flush', () => {
    const open = signal(false)
    const unread = signal(3)
    const told: number[] = []
    effect(() => {
      if (open.value) unread.value = 0
      told.push(unread.value)
    })
    const doubled = computed(() => unread.value * 2)
    const seen: number[] = []
    effect(() => seen.push(doubled.value))
    open.value = true
    expect(told).toEqual([3, 0])
    expect(seen).toEqual([6, 0])
  })

  it('runs every queued effect when one throws, then throws the first error', () => {
    const count = signal(0)
    const seen: string[] = []
    effect(() => {
      if (count.value) throw new Error('first')
    })
    effect(() => {
      if (count.value) throw new Error('second')
    })
    effect(() => seen.push(`${count.value}`))
    expect(() => {
      count.value = 1
    }).toThrow('first')
    expect(seen).toEqual(['0', '1'])
    count.value = 0 // the queue is empty again and depth back to 0: effects run at once
    expect(seen).toEqual(['0', '1', '0'])
  })

  it('lets a component track what it reads while rendering, nested inside an effect', () => {
    const a = signal(1)
    const b = signal(1)
    let renders = 0
    const component = { deps: new Set<never>(), notify: () => renders++ }
    let effectRuns = 0
    effect(() => {
      effectRuns++
      a.value
      const end = track(component)
      b.value
      end()
    })
    b.value = 2
    expect([renders, effectRuns]).toEqual([1, 1])
    a.value = 2 // the effect still hears from `a` (read outside the component's tracking)
    expect(effectRuns).toBe(2)
    untrack(component)
    b.value = 3
    expect(renders).toBe(1)
  })

  it('stops effects that keep triggering each other, with an error, instead of hanging', () => {
    const ping = signal(0)
    const pong = signal(0)
    effect(() => {
      pong.value = ping.value + 1
    })
    // the second effect's first run starts the loop
    expect(() =>
      effect(() => {
        ping.value = pong.value + 1
      }),
    ).toThrow('Cycle detected')
    const after = signal(1)
    const seen: number[] = []
    effect(() => seen.push(after.value))
    after.value = 2
    expect(seen).toEqual([1, 2])
  })
})
