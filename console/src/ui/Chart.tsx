// A uPlot line chart of daily points. uPlot styles through CSSOM (element.style), which the
// console's CSP (style-src 'self') allows; its stylesheet is bundled into ours.
import { useEffect, useRef } from 'preact/hooks'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { DayPoint } from '../api/types'
import { formatInt, formatUsd } from '../format'

export interface Series {
  label: string
  color: string
  value: (d: DayPoint) => number | null
}

const dark = () => window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false

export function Chart(props: {
  title: string
  days: DayPoint[]
  series: Series[]
  money?: boolean
}) {
  const box = useRef<HTMLDivElement>(null)
  const { days, series, money } = props
  useEffect(() => {
    const el = box.current
    if (!el) return
    const format = (v: number | null) => (v === null ? '—' : money ? formatUsd(v) : formatInt(v))
    const axis = dark() ? '#a1a1aa' : '#52525b'
    const grid = dark() ? '#3f3f46' : '#e4e4e7'
    const plot = new uPlot(
      {
        width: Math.max(260, el.clientWidth),
        height: 200,
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        scales: {
          x: { time: true },
          // An all-zero series would otherwise get an arbitrary 0–100 axis.
          y: {
            range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.15 : money ? 0.01 : 1],
          },
        },
        axes: [
          { stroke: axis, grid: { stroke: grid }, ticks: { stroke: grid } },
          {
            stroke: axis,
            grid: { stroke: grid },
            ticks: { stroke: grid },
            size: money ? 76 : 56,
            values: (_u, ticks) => ticks.map((v) => format(v)),
          },
        ],
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: 2,
            fill: `${s.color}22`,
            points: { show: days.length < 40 },
            value: (_u: uPlot, v: number | null) => format(v),
          })),
        ],
      },
      [
        days.map((d) => Date.parse(`${d.day}T00:00:00Z`) / 1000),
        ...series.map((s) => days.map(s.value)),
      ],
      el,
    )
    let frame = 0
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(() =>
        plot.setSize({ width: Math.max(260, el.clientWidth), height: 200 }),
      )
    })
    observer.observe(el)
    return () => {
      observer.disconnect()
      cancelAnimationFrame(frame)
      plot.destroy()
    }
  }, [days, series, money])
  return (
    <figure class="card chart">
      <figcaption>{props.title}</figcaption>
      <div
        ref={box}
        class="chart-box"
        role="img"
        aria-label={`${props.title}: chart of ${days.length} days`}
      />
    </figure>
  )
}
