import { expect, test, type Page } from '@playwright/test'
import { lab } from './fixtures/lab'
import { openMesh } from './fixtures/navigate'

/** The overview, then prod-eu's mesh page, as an operator opens them; done once both show data. */
async function openMeshPage(page: Page) {
  await openMesh(page, 'prod-eu')
  await expect(
    page.getByRole('table', { name: 'Services' }).getByRole('link', { name: 'checkout' }),
  ).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible()
}

test('nine more open pages cost the clusters nothing: no list, no list of every pod, only watches and probes', async ({
  browser,
}) => {
  const context = await browser.newContext()
  try {
    await openMeshPage(await context.newPage()) // what these views list is now watched
    await lab().resetRequestCounts()
    for (let i = 0; i < 9; i++) await openMeshPage(await context.newPage())

    const counts = await lab().requestCounts()
    for (const [cluster, c] of Object.entries(counts)) {
      const { watch = 0, discovery = 0 } = c.byVerb
      expect({ cluster, lists: c.byVerb.list ?? 0, podLists: c.clusterWidePodLists }).toEqual({
        cluster,
        lists: 0,
        podLists: 0,
      })
      // Besides watches resumed on their own, at most the source probe (every 15 s).
      expect({ cluster, others: c.total - watch - discovery }).toEqual({ cluster, others: 0 })
    }
  } finally {
    await context.close()
  }
})
