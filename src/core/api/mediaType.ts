/** A Content-Type header's media type, lower case and without its parameters; '' when there is none. */
export function mediaTypeOf(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** Whether a media type is a web page's: what a proxy, a firewall or a sign-in page sends. */
export function isWebPage(type: string): boolean {
  return type === 'text/html' || type === 'application/xhtml+xml';
}
