/** `scheme://user:password@` — keeps the user, hides the password. */
const urlCredentials = /([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi;

/** restic echoes repository URLs: a password in their user-info part is masked even if never registered as a secret. */
export function maskUrlCredentials(text: string): string {
  return text.replace(urlCredentials, '$1***@');
}
