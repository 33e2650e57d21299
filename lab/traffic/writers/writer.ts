import type { ProxyKind, PodTraffic } from '../model'

/** Turns one pod's counters into the metric families its mesh's proxy exports. */
export type MetricFamilyWriter = { proxy: ProxyKind; write(pod: PodTraffic): string }
