'use client'

import { newCondition, type Condition, type MatchRule } from './match-rules'
import { Button } from '@/components/ui/Button'

const field =
  'rounded-md bg-white px-2 py-1 text-sm ring-1 ring-slate-300 ring-inset focus-visible:outline-2 focus-visible:outline-brand disabled:bg-slate-50 disabled:text-slate-400'

/**
 * Header and cookie rules that pin matching requests to one backend ahead of the weighted split.
 * When the mesh cannot express them the whole editor is disabled and says why.
 */
export function MatchesEditor({
  backends,
  rules,
  onChange,
  disabledReason,
}: {
  backends: string[]
  rules: MatchRule[]
  onChange: (rules: MatchRule[]) => void
  disabledReason?: string
}) {
  const disabled = disabledReason !== undefined
  const setRule = (i: number, rule: MatchRule) =>
    onChange(rules.map((r, j) => (j === i ? rule : r)))
  return (
    <fieldset
      disabled={disabled}
      aria-describedby={disabled ? 'matches-disabled' : undefined}
      className="space-y-3 border-t border-slate-100 pt-4"
    >
      <legend className="text-sm font-semibold text-slate-900">Header and cookie matches</legend>
      <p className="text-xs text-slate-500">
        Requests that meet every condition of a rule go to its backend only, before the split above.
      </p>
      {disabled && (
        <p id="matches-disabled" className="text-sm text-slate-600">
          {disabledReason}
        </p>
      )}
      {rules.length === 0 && !disabled && <p className="text-sm text-slate-500">No matches.</p>}
      <ol className="space-y-3">
        {rules.map((rule, i) => (
          <li
            key={i}
            aria-label={`Match ${i + 1}`}
            className="space-y-2 rounded-md bg-slate-50 p-3"
          >
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <label className="flex items-center gap-2">
                <span className="text-slate-600">Send to</span>
                <select
                  aria-label={`Backend of match ${i + 1}`}
                  className={field}
                  value={rule.backend}
                  onChange={(e) => setRule(i, { ...rule, backend: e.target.value })}
                >
                  {backends.map((b) => (
                    <option key={b}>{b}</option>
                  ))}
                </select>
              </label>
              <span className="text-slate-600">when</span>
              <Button
                variant="ghost"
                className="ml-auto"
                onClick={() => onChange(rules.filter((_, j) => j !== i))}
              >
                Remove match {i + 1}
              </Button>
            </div>
            <ul className="space-y-2">
              {rule.conditions.map((c, k) => (
                <ConditionRow
                  key={k}
                  label={`match ${i + 1}, condition ${k + 1}`}
                  condition={c}
                  cookieTaken={rule.conditions.some((o, n) => n !== k && o.kind === 'cookie')}
                  onChange={(next) =>
                    setRule(i, {
                      ...rule,
                      conditions: rule.conditions.map((o, n) => (n === k ? next : o)),
                    })
                  }
                  onRemove={() =>
                    setRule(i, { ...rule, conditions: rule.conditions.filter((_, n) => n !== k) })
                  }
                />
              ))}
            </ul>
            <Button
              variant="ghost"
              onClick={() =>
                setRule(i, { ...rule, conditions: [...rule.conditions, newCondition()] })
              }
            >
              Add condition
            </Button>
          </li>
        ))}
      </ol>
      <Button
        onClick={() =>
          onChange([...rules, { backend: backends.at(-1) ?? '', conditions: [newCondition()] }])
        }
      >
        Add match
      </Button>
    </fieldset>
  )
}

function ConditionRow({
  label,
  condition,
  cookieTaken,
  onChange,
  onRemove,
}: {
  label: string
  condition: Condition
  cookieTaken: boolean
  onChange: (condition: Condition) => void
  onRemove: () => void
}) {
  return (
    <li className="flex flex-wrap items-center gap-2 text-sm">
      <select
        aria-label={`Kind of ${label}`}
        className={field}
        value={condition.kind}
        onChange={(e) => {
          const next = newCondition(e.target.value as Condition['kind'])
          onChange({ ...next, name: condition.name, value: condition.value })
        }}
      >
        <option value="header">header</option>
        <option value="cookie" disabled={cookieTaken}>
          cookie
        </option>
      </select>
      <input
        aria-label={`Name of ${label}`}
        placeholder={condition.kind === 'header' ? 'x-canary' : 'user'}
        className={field}
        value={condition.name}
        onChange={(e) => onChange({ ...condition, name: e.target.value })}
      />
      {condition.kind === 'header' ? (
        <select
          aria-label={`Comparison of ${label}`}
          className={field}
          value={condition.type}
          onChange={(e) => onChange({ ...condition, type: e.target.value as 'exact' | 'regex' })}
        >
          <option value="exact">equals</option>
          <option value="regex">matches regex</option>
        </select>
      ) : (
        <span className="text-slate-600">equals</span>
      )}
      <input
        aria-label={`Value of ${label}`}
        placeholder="true"
        className={field}
        value={condition.value}
        onChange={(e) => onChange({ ...condition, value: e.target.value })}
      />
      <Button variant="ghost" aria-label={`Remove ${label}`} onClick={onRemove}>
        ✕
      </Button>
    </li>
  )
}
