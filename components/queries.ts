'use client'

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { FleetSearch, MeshList, SourceList, SplitUpdate, TrafficSplit } from '@/lib/schemas'
import { useRefreshInterval } from './live-updates'

export const queryKeys = {
  session: ['session'] as const,
  sources: ['sources'] as const,
  meshes: ['meshes'] as const,
  mesh: (meshId: string) => ['mesh', meshId] as const,
  services: (meshId: string) => ['services', meshId] as const,
  fleet: (query: FleetSearch) => ['fleet', query] as const,
  service: (serviceId: string) => ['service', serviceId] as const,
  split: (serviceId: string) => ['split', serviceId] as const,
  /** Every list of change records (the Changes page, a History, chart markers) starts with this. */
  changes: ['changes'] as const,
}

/** Who the console acts as and whether it may write: fixed while the server runs. */
export const useSession = () =>
  useQuery({ queryKey: queryKeys.session, queryFn: api.session, staleTime: Infinity })

/** `initial`: what the server rendered the page with, so the first figures need no round trip. */
export const useSources = (initial?: SourceList) =>
  useQuery({
    queryKey: queryKeys.sources,
    queryFn: api.sources,
    refetchInterval: useRefreshInterval(),
    initialData: initial,
  })

export const useMeshes = (initial?: MeshList) =>
  useQuery({
    queryKey: queryKeys.meshes,
    queryFn: api.meshes,
    refetchInterval: useRefreshInterval(),
    initialData: initial,
  })

export const useMesh = (meshId: string, { enabled = true } = {}) =>
  useQuery({
    queryKey: queryKeys.mesh(meshId),
    queryFn: () => api.mesh(meshId),
    refetchInterval: useRefreshInterval(),
    enabled,
  })

export const useServices = (meshId: string) =>
  useQuery({
    queryKey: queryKeys.services(meshId),
    queryFn: () => api.services(meshId),
    refetchInterval: useRefreshInterval(),
  })

/** A page of the fleet-wide list; the previous page stays on screen while the next one loads. */
export const useFleetServices = (query: FleetSearch, { enabled = true } = {}) =>
  useQuery({
    queryKey: queryKeys.fleet(query),
    queryFn: () => api.fleetServices(query),
    refetchInterval: useRefreshInterval(),
    placeholderData: keepPreviousData,
    enabled,
  })

export const useService = (serviceId: string) =>
  useQuery({
    queryKey: queryKeys.service(serviceId),
    queryFn: () => api.service(serviceId),
    refetchInterval: useRefreshInterval(),
  })

/**
 * The split under edit is read once and never refreshed behind the operator's back: its revision
 * is the precondition of Apply, and a change underneath must surface as a conflict, not vanish.
 */
export const useSplit = (serviceId: string) =>
  useQuery({
    queryKey: queryKeys.split(serviceId),
    queryFn: () => api.split(serviceId),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  })

/** Puts a split into the editor (after an apply, or the operator taking the current one) and refreshes the views that show it. */
export function useShowSplit(serviceId: string) {
  const client = useQueryClient()
  return (split: TrafficSplit) => {
    client.setQueryData(queryKeys.split(serviceId), split)
    void client.invalidateQueries({ queryKey: queryKeys.service(serviceId) })
    void client.invalidateQueries({ queryKey: ['services'] })
  }
}

/** After a write (an apply or a revert): the split everywhere it shows, and its new change record in every list and chart. */
export function useSplitWritten(serviceId: string) {
  const show = useShowSplit(serviceId)
  const client = useQueryClient()
  return (split: TrafficSplit) => {
    show(split)
    void client.invalidateQueries({ queryKey: queryKeys.changes })
  }
}

export function useApplySplit(serviceId: string) {
  const written = useSplitWritten(serviceId)
  return useMutation({
    mutationFn: (update: SplitUpdate) => api.applySplit(serviceId, update),
    onSuccess: written,
  })
}

export const usePreviewSplit = (serviceId: string) =>
  useMutation({ mutationFn: (update: SplitUpdate) => api.previewSplit(serviceId, update) })
