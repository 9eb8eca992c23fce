import type { TreeDataProvider, TreeItemDto } from '@timelocker/plugin-api';

/** What the Reports view lists: the kernel's report types, and the formats each can be generated in. */
const types = [
  { id: 'backup-jobs', label: 'Backup jobs', description: 'every backup in a period: status, duration, data added, errors' },
  { id: 'snapshot-inventory', label: 'Snapshot inventory', description: 'snapshots per repository' },
  { id: 'audit-trail', label: 'Audit trail', description: 'audit log entries in a period, with their hashes' },
  { id: 'storage-utilization', label: 'Storage utilization', description: 'repository size, dedup ratio and snapshot count over time' },
] as const;

const formats = [
  { id: 'pdf', label: 'PDF' }, { id: 'html', label: 'HTML' }, { id: 'csv', label: 'CSV' }, { id: 'json', label: 'JSON' },
] as const;

export interface ReportNode {
  readonly type: string;
  /** Absent for a report type, set for one of its formats. */
  readonly format?: string;
}

export const reportsView: TreeDataProvider<ReportNode> = {
  getChildren: (element) => (element === undefined
    ? types.map((t) => ({ type: t.id }))
    : element.format === undefined ? formats.map((f) => ({ type: element.type, format: f.id })) : []),
  getTreeItem: (element): TreeItemDto => {
    const type = types.find((t) => t.id === element.type);
    if (element.format === undefined) {
      return { label: type?.label ?? element.type, description: element.type, tooltip: type?.description ?? '', icon: 'report', collapsible: true };
    }
    const format = formats.find((f) => f.id === element.format);
    return {
      label: format?.label ?? element.format, icon: 'file',
      tooltip: `timelocker report ${element.type} --format ${element.format} --out FILE`,
    };
  },
};
