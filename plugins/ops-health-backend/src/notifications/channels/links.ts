/**
 * An absolute http(s) URL for a link of a notification, or undefined.
 *
 * Links in a notification (entity page, runbook) are only ever rendered into
 * messages, never requested. A relative link (`/catalog/default/component/x`)
 * is resolved against the portal's base URL (`app.baseUrl`) when known;
 * anything that is not http(s) (`javascript:`, `mailto:`, garbage) is dropped.
 *
 * @internal
 */
export function absoluteLink(
  link: string | undefined,
  baseUrl?: string,
): string | undefined {
  if (!link) return undefined;
  try {
    let url: URL;
    if (/^[a-z][a-z0-9+.-]*:/i.test(link)) {
      url = new URL(link);
    } else if (baseUrl) {
      // Same rule as the notifications backend: the link is relative to the
      // whole base URL, including any path prefix.
      url = new URL(link.replace(/^\/+/, ''), baseUrl.replace(/\/?$/, '/'));
    } else {
      return undefined;
    }
    return url.protocol === 'https:' || url.protocol === 'http:'
      ? url.href
      : undefined;
  } catch {
    return undefined;
  }
}
