'use client'

import { BackendsReadiness } from './Readiness'
import { ServiceFigures } from '@/components/metrics/ServiceFigures'
import { SplitBar } from '@/components/split/SplitBar'
import { Td } from '@/components/ui/Table'
import type { MeshService } from '@/lib/schemas'

/** A service row's split, readiness and golden figures: the cells every list of services shows. */
export function ServiceStateCells({ service }: { service: MeshService }) {
  return (
    <>
      <Td>
        <SplitBar backends={service.backends} />
      </Td>
      <Td>
        <BackendsReadiness backends={service.backends} />
      </Td>
      <ServiceFigures service={service} />
    </>
  )
}
