import 'server-only'
import { fqdn } from './hosts'
import type { DestinationRule } from './native'

/**
 * DestinationRules by the FQDN of their host (a short host resolves in the rule's namespace),
 * indexed once per listing or read; answers keep the list's order.
 */
export class RulesByHost {
  private readonly byHost = new Map<string, DestinationRule[]>()
  private readonly position = new Map<DestinationRule, number>()

  constructor(rules: readonly DestinationRule[]) {
    rules.forEach((rule, i) => {
      const host = fqdn(rule.spec.host, rule.metadata.namespace ?? 'default')
      const bucket = this.byHost.get(host)
      if (bucket) bucket.push(rule)
      else this.byHost.set(host, [rule])
      this.position.set(rule, i)
    })
  }

  /** The rules of one host (an FQDN). */
  of(host: string): readonly DestinationRule[] {
    return this.byHost.get(host) ?? []
  }

  /** The rules of any of `hosts` (FQDNs), in list order. */
  ofAny(hosts: ReadonlySet<string>): DestinationRule[] {
    return [...hosts]
      .flatMap((h) => this.of(h))
      .sort((a, b) => this.position.get(a)! - this.position.get(b)!)
  }
}
