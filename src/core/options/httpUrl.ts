/** Whether `value` is an http(s) link, the only kind of URL the API downloads media from. */
export function isHttpUrl(value: string): boolean {
  return /^https?:\/\/\S+$/i.test(value);
}
