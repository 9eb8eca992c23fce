const KEY = 'timelocker.token';

/**
 * The launcher opens the page with `?token=…`; the token moves to sessionStorage and leaves the address bar at once,
 * so it does not end up in history, bookmarks or screenshots.
 */
export function takeToken(location: Location = window.location, storage: Storage = window.sessionStorage): string | undefined {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  return storage.getItem(KEY) ?? undefined;
}
