/** The icon names a plugin's TreeItemDto may use (documented in docs/PLUGINS.md), as the glyphs this UI draws. */
export const treeIcons: Readonly<Record<string, string>> = {
  folder: '📁', file: '📄', report: '▤', database: '⛁', repository: '⛁', cloud: '☁', server: '🖧', snapshot: '◷',
  clock: '⏱', check: '✓', warning: '⚠', error: '✗', info: 'ℹ', lock: '🔒', key: '🔑', tag: '🏷', play: '▶', gear: '⚙',
};

/** A known name's glyph; one or two characters (an emoji) as given; anything else a bullet. */
export function treeIcon(icon: string): string {
  return treeIcons[icon] ?? ([...icon].length <= 2 ? icon : '•');
}
