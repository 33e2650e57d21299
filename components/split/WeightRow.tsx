'use client'

import { LockToggle } from './LockToggle'
import { WeightInput } from './WeightInput'
import { Readiness } from '@/components/inventory/Readiness'
import { cx } from '@/components/ui/cx'
import { backendColor, backendFill } from '@/components/ui/tones'

/**
 * One backend in the editor: its colour and readiness, a slider, the exact number, and a lock.
 * `refused` (the cluster's reason the user may not write) disables the slider and says why.
 */
export function WeightRow({
  index,
  name,
  weight,
  locked,
  movable,
  refused,
  readiness,
  onWeight,
  onToggleLock,
}: {
  index: number
  name: string
  weight: number
  locked: boolean
  movable: boolean
  refused?: string
  readiness?: { ready: number; total: number }
  onWeight: (value: number) => void
  onToggleLock: () => void
}) {
  return (
    <li className="grid grid-cols-[minmax(7rem,10rem)_1fr_auto_auto] items-center gap-4 py-3">
      <div className="min-w-0 space-y-1">
        <div className="flex items-center gap-2">
          <span aria-hidden className={cx('size-2.5 shrink-0 rounded-sm', backendFill(index))} />
          <span className="truncate font-medium text-slate-900">{name}</span>
        </div>
        {readiness && <Readiness ready={readiness.ready} total={readiness.total} />}
      </div>
      <input
        type="range"
        min={0}
        max={100}
        step={1}
        value={weight}
        aria-label={`Weight of ${name}`}
        aria-valuetext={`${weight}%`}
        disabled={!movable || refused !== undefined}
        title={
          refused ??
          (movable
            ? undefined
            : locked
              ? `${name} is locked`
              : 'Unlock another backend to move this one')
        }
        onChange={(event) => onWeight(Number(event.target.value))}
        // the filled part of the track in the backend's colour, the rest grey
        style={{
          ['--fill' as string]: backendColor(index),
          background: `linear-gradient(to right, var(--fill) ${weight}%, var(--color-slate-200) ${weight}%)`,
        }}
        className={cx(
          'h-2 w-full cursor-pointer appearance-none rounded-full focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-brand disabled:cursor-not-allowed disabled:opacity-50',
          '[&::-webkit-slider-thumb]:size-4 [&::-webkit-slider-thumb]:appearance-none [&::-webkit-slider-thumb]:rounded-full [&::-webkit-slider-thumb]:border-2 [&::-webkit-slider-thumb]:border-white [&::-webkit-slider-thumb]:bg-(--fill) [&::-webkit-slider-thumb]:shadow [&::-webkit-slider-thumb]:ring-1 [&::-webkit-slider-thumb]:ring-slate-300',
          '[&::-moz-range-thumb]:size-4 [&::-moz-range-thumb]:rounded-full [&::-moz-range-thumb]:border-2 [&::-moz-range-thumb]:border-white [&::-moz-range-thumb]:bg-(--fill)',
        )}
      />
      <WeightInput
        name={name}
        weight={weight}
        disabled={!movable || refused !== undefined}
        onWeight={onWeight}
      />
      <LockToggle name={name} locked={locked} onToggle={onToggleLock} />
    </li>
  )
}
