// 'server-only' throws outside a React server bundle; unit tests run server code directly.
export {}
