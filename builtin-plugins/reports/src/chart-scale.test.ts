import { expect } from 'chai';
import { chartScale } from './chart-scale.js';
import { headerLines } from './pdf-table.js';
import type { ChartSpec } from './report-meta.js';

const chart = (unit: ChartSpec['unit'], values: number[]): ChartSpec => ({
  kind: 'bar', title: 't', unit, series: [{ name: 's', points: values.map((y, i) => ({ x: String(i), y })) }],
});

describe('report chart axes and table headers', () => {
  it('ticks in round steps that cover the largest value, each label distinct, in the unit of the data', () => {
    // Sub-second backups: the axis used to read "0.1 s" three times.
    expect(chartScale(chart('seconds', [0.251, 0.3, 0.12])).tickLabels).to.deep.equal(['0.0 s', '0.1 s', '0.2 s', '0.3 s']);
    expect(chartScale(chart('seconds', [0.031, 0.034])).tickLabels).to.deep.equal(['0.00 s', '0.01 s', '0.02 s', '0.03 s', '0.04 s']);
    expect(chartScale(chart('bytes', [3 * 1024 * 1024, 9.5 * 1024 * 1024])).tickLabels).to.deep.equal(['0 MiB', '5 MiB', '10 MiB']);
    expect(chartScale(chart('count', [2, 1])).tickLabels).to.deep.equal(['0', '1', '2']);
    const scale = chartScale(chart('count', []));
    expect(scale.max).to.be.greaterThan(0);
  });

  it('wraps a PDF column label onto a second line instead of cutting it', () => {
    expect(headerLines('Repository', 7)).to.deep.equal(['Reposit', 'ory']);
    expect(headerLines('Data added', 6)).to.deep.equal(['Data', 'added']);
    expect(headerLines('filesNew', 5)).to.deep.equal(['files', 'New']);
    expect(headerLines('Plan', 8)).to.deep.equal(['Plan']);
  });
});
