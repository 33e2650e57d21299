import 'server-only'
import type { Rollout, RolloutEvent } from '@/lib/schemas'
import { describeWeights } from './plan'

/** What a webhook receives: the event, the rollout it belongs to, and a one-line summary. */
export type RolloutNotification = {
  type: `rollout.${RolloutEvent['type']}`
  time: string
  rollout: {
    id: string
    serviceId: string
    service: Rollout['service']
    state: Rollout['state']
    step: number
    steps: number[]
    canary: string
    primary: string
  }
  event: RolloutEvent
  /** Plain text, as Slack-style incoming webhooks read it. */
  text: string
}

export type Notify = (rollout: Rollout, event: RolloutEvent) => void

/** Events worth telling: everything but the checks in between (their verdicts ride on the steps). */
const TOLD = new Set<RolloutEvent['type']>([
  'started',
  'step',
  'paused',
  'resumed',
  'promoted',
  'rolled-back',
  'aborted',
])

export function notification(rollout: Rollout, event: RolloutEvent): RolloutNotification {
  const { service, plan } = rollout
  const where = `${service.namespace}/${service.name} (${service.source}, ${service.meshKind})`
  const weights = event.weights ? ` [${describeWeights(event.weights)}]` : ''
  return {
    type: `rollout.${event.type}`,
    time: event.time,
    rollout: {
      id: rollout.id,
      serviceId: rollout.serviceId,
      service,
      state: rollout.state,
      step: rollout.step,
      steps: rollout.steps,
      canary: plan.canary,
      primary: plan.primary,
    },
    event,
    text: `Rollout of ${plan.canary} on ${where} ${event.type}: ${event.message}${weights}`,
  }
}

const ATTEMPTS = 6
const FIRST_DELAY_MS = 500
const TIMEOUT_MS = 5000

/**
 * Sends each event to every webhook in the background: a failed delivery (refused, 5xx, timeout)
 * is retried with doubling delays, up to six attempts, and never holds up the rollout. Deliveries
 * to one webhook keep their order. Logs name the webhook's origin only: its path may be a secret.
 */
export function webhookNotifier(
  urls: readonly string[],
  log: (line: string) => void = console.error,
): { notify: Notify; idle(): Promise<void> } {
  const queues = urls.map(() => Promise.resolve())
  const notify: Notify = (rollout, event) => {
    if (!TOLD.has(event.type)) return
    const body = JSON.stringify(notification(rollout, event))
    urls.forEach((url, i) => {
      queues[i] = queues[i]!.then(() => deliver(url, body, log))
    })
  }
  return { notify, idle: () => Promise.all(queues).then(() => undefined) }
}

async function deliver(url: string, body: string, log: (line: string) => void): Promise<void> {
  let problem = ''
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'meshpane-rollouts' },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      })
      await res.body?.cancel()
      if (res.ok) return
      problem = `HTTP ${res.status}`
      if (res.status < 500 && res.status !== 429) break
    } catch (err) {
      problem = (err as Error).name === 'TimeoutError' ? 'timed out' : (err as Error).message
    }
    if (attempt < ATTEMPTS)
      await new Promise((r) => setTimeout(r, FIRST_DELAY_MS * 2 ** (attempt - 1)))
  }
  log(`rollouts: webhook ${new URL(url).origin} did not take an event: ${problem}`)
}
