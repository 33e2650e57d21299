import type { ProxyKind } from '../model'
import { consulWriter } from './consul'
import { envoyWriter } from './envoy'
import { istioWriter } from './istio'
import { linkerdWriter } from './linkerd'
import { osmWriter } from './osm'
import type { MetricFamilyWriter } from './writer'

/** One writer per proxy kind: a new mesh's proxy format plugs in here. */
export const WRITERS: Record<ProxyKind, MetricFamilyWriter> = {
  istio: istioWriter,
  linkerd: linkerdWriter,
  envoy: envoyWriter,
  osm: osmWriter,
  consul: consulWriter,
}
