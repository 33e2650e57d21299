import 'server-only'

/** Every page of a List call, following nextToken. */
export async function listAll<T>(
  fetchPage: (nextToken: string | undefined) => Promise<{ items?: T[]; nextToken?: string }>,
): Promise<T[]> {
  const all: T[] = []
  let token: string | undefined
  do {
    const page = await fetchPage(token)
    all.push(...(page.items ?? []))
    token = page.nextToken
  } while (token)
  return all
}
