// fetch() for the test helpers, retrying like the pages do (web/static/common.js,
// OC.fetch): a 503 with a short Retry-After — the server shed the request
// without running it, as it does when the test machine is overloaded — is sent
// again after that many seconds, at most 3 times. Every other answer
// (including a 503 with a long Retry-After, e.g. keys not initialised) is
// returned as it came, so the tests still assert the real results.
export async function fetchRetry(url, init) {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(url, init);
    const after = res.status === 503 ? res.headers.get('retry-after') : null;
    if (after === null || !/^\d+$/.test(after.trim()) || Number(after) > 5 || attempt >= 3) return res;
    await new Promise((resolve) => setTimeout(resolve, Number(after) * 1000 + 50));
  }
}
