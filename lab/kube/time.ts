/** Now as the API server writes times (RFC 3339, whole seconds). */
export const timestamp = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z')
