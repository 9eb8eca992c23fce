/**
 * The full id of a contribution is `publisher.name`, like a plugin id: a backend `rclone` of publisher `acme` is
 * `acme.rclone`. An id the manifest already writes with its own publisher prefix (`acme.rclone.sync`) is kept as is,
 * so ids that were namespaced by convention do not change.
 */
export function qualifiedContributionId(publisher: string, id: string): string {
  return id.startsWith(`${publisher}.`) ? id : `${publisher}.${id}`;
}
