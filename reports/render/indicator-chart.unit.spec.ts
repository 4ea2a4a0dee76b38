import { chartTexts, indicatorChartGeometry, indicatorChartSvg, niceTicks, tickLabels, type ChartIndicator } from './indicator-chart';
import { renderHtml } from './html';
import { charts } from './document';

const years = [2022, 2023, 2024, 2025, 2026];
const rate: ChartIndicator = {
  name: '市税収納率',
  unit: '%',
  direction: 'higher',
  targets: { '2022': 98.3, '2023': 98.4, '2024': 98.5, '2025': 98.6, '2026': 98.7 },
  actuals: { '2022': 98.2, '2023': 98.41 },
};

describe('indicator chart geometry', () => {
  it('picks nice ticks that cover the values', () => {
    expect(niceTicks(98.2, 98.7)).toEqual([98.2, 98.4, 98.6, 98.8]);
    expect(niceTicks(0, 448)).toEqual([0, 200, 400, 600]);
    expect(niceTicks(5, 5)).toEqual([4.5, 4.75, 5, 5.25, 5.5]);
    expect(niceTicks(0, 0)).toEqual([-1, -0.5, 0, 0.5, 1]);
  });

  it('writes large tick values in 万 and 億, and widens the left margin for long labels', () => {
    expect(tickLabels([1_000_000_000, 1_200_000_000, 1_400_000_000])).toEqual(['10億', '12億', '14億']);
    expect(tickLabels([0, 250_000, 500_000])).toEqual(['0万', '25万', '50万']);
    expect(tickLabels([300, 400, 450])).toEqual(['300', '400', '450']);
    expect(tickLabels([98.2, 98.4])).toEqual(['98.2', '98.4']);
    const money: ChartIndicator = { name: '寄附額', unit: '円', direction: 'higher', targets: { '2022': 1_000_000_000 }, actuals: { '2022': 1_037_379_720 } };
    const g = indicatorChartGeometry(money, years);
    expect(g.yTicks.map((t) => t.label)).toEqual(['10.0億', '10.1億', '10.2億', '10.3億', '10.4億']);
    expect(g.plot.left).toBe(44);
    const visitors: ChartIndicator = { name: '来館者数', unit: '人', direction: 'higher', targets: { '2022': 60_000, '2023': 90_000 }, actuals: {} };
    const wide = indicatorChartGeometry(visitors, years);
    expect(wide.yTicks.map((t) => t.label)).toEqual(['60,000', '70,000', '80,000', '90,000']);
    expect(wide.plot.left).toBe(Math.ceil(10 + 6.5 * 6));
  });

  it('places the years evenly from the left to the right edge of the plot, labelled R4 … R8', () => {
    const g = indicatorChartGeometry(rate, years, { width: 360, height: 180 });
    expect(g.plot).toEqual({ left: 44, top: 12, right: 348, bottom: 152 });
    expect(g.xTicks.map((t) => [t.label, t.x])).toEqual([['R4', 44], ['R5', 120], ['R6', 196], ['R7', 272], ['R8', 348]]);
  });

  it('maps the lowest tick to the bottom and the highest to the top, values in between proportionally', () => {
    const g = indicatorChartGeometry(rate, years, { width: 360, height: 180 });
    expect(g.yTicks[0]).toMatchObject({ value: 98.2, y: 152, label: '98.2' });
    expect(g.yTicks[g.yTicks.length - 1]).toMatchObject({ value: 98.8, y: 12 });
    const r5 = g.actual.points.find((p) => p.year === 2023)!;
    expect(r5.y).toBeCloseTo(152 - ((98.41 - 98.2) / 0.6) * 140, 6);
    expect(r5.label).toBe('98.41%');
    expect(g.target.points.map((p) => p.label)).toEqual(['98.30%', '98.40%', '98.50%', '98.60%', '98.70%']);
  });

  it('draws one path per series, a missing year breaking the line', () => {
    const gap: ChartIndicator = { ...rate, actuals: { '2022': 98.2, '2024': 98.5, '2025': 98.6 } };
    const g = indicatorChartGeometry(gap, years);
    expect(g.actual.path).toMatch(/^M44 [\d.]+ M196 [\d.]+ L272 [\d.]+$/);
    expect(g.target.path.split(' L')).toHaveLength(5);
  });

  it('plots no text value and says when there is nothing to draw', () => {
    const text: ChartIndicator = { name: '組織数', unit: '', direction: 'lower', targets: {}, actuals: { '2022': '9部41課85係' } };
    const g = indicatorChartGeometry(text, years);
    expect(g.empty).toBe(true);
    expect(g.actual.points).toEqual([]);
  });

  it('a single year sits in the middle', () => {
    const g = indicatorChartGeometry(rate, [2023], { width: 200, height: 100 });
    expect(g.xTicks).toEqual([{ year: 2023, x: (g.plot.left + 188) / 2, label: 'R5' }]);
  });

  it('has a text alternative with every value, and a lower-is-better indicator says so', () => {
    expect(chartTexts(rate, years)).toEqual({
      title: '市税収納率の目標と実績（単位：%）',
      description: '目標：R4 98.30%、R5 98.40%、R6 98.50%、R7 98.60%、R8 98.70%。実績：R4 98.20%、R5 98.41%。',
    });
    expect(chartTexts({ ...rate, direction: 'lower', actuals: {} }, years).description).toMatch(/実績：なし。（目標値以下で達成）$/);
  });

  it('renders as an inline SVG with its title and description, escaped, in a figure headed by its name in the HTML', () => {
    const svg = indicatorChartSvg({ ...rate, name: '<b>率</b>' }, years, 'c1');
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="c1-title c1-desc">/);
    expect(svg).toContain('<title id="c1-title">&lt;b&gt;率&lt;/b&gt;の目標と実績（単位：%）</title>');
    expect(svg.match(/<circle /g)).toHaveLength(2);
    expect(svg.match(/<rect /g)).toHaveLength(5);
    expect(svg).not.toMatch(/style=|<script/);
    const html = renderHtml({ title: '題', style: 'print', blocks: [charts([rate], years, 'x')] });
    expect(html).toMatch(/<div class="charts">\n<figure class="chart">\n<figcaption>市税収納率の目標と実績（単位：%）<\/figcaption>\n<svg[\s\S]*<\/svg>\n<\/figure>\n<p class="note chart-legend">破線（□）：目標、実線（●）：実績<\/p>\n<\/div>/);
  });
});
