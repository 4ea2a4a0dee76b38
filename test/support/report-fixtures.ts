/**
 * Small report fixtures for the renderer tests, modelled on the 玉名市 進行管理報告書 (R4–R8,
 * report year 令和５年度) and the 総括 of a second city (R1–R6).
 */
import type { AnnualReport, AnnualReportItem, HierarchyEntry, MinutesSummary, RatingCounts, SheetView, SummaryReport } from '../../reports/report.types';

const PATH_FINANCE = ['健全な行財政運営の推進', '自主財源の確保及び創出による歳入の確保'];
const PATH_ORGANIZATION = ['人材育成による意識変革と組織力の強化', '業務に応じた人員配置と機構改革による行政組織の最適化'];
const HIERARCHY_FINANCE: HierarchyEntry[] = [
  { level: '基本方針', code: '【1】', title: PATH_FINANCE[0] },
  { level: '基本施策', code: 'ア', title: PATH_FINANCE[1] },
];
const HIERARCHY_ORGANIZATION: HierarchyEntry[] = [
  { level: '基本方針', code: '【2】', title: PATH_ORGANIZATION[0] },
  { level: '基本施策', code: 'イ', title: PATH_ORGANIZATION[1] },
];

function sheet(overrides: Partial<SheetView>): SheetView {
  return { status: 'approved', overdue: false, reasons: {}, measures: {}, returns: [], ...overrides };
}

export const taxItem: AnnualReportItem = {
  id: 'item-01',
  label: '①',
  title: '税収確保の強化',
  path: PATH_FINANCE,
  hierarchy: HIERARCHY_FINANCE,
  departments: ['税務課'],
  situation: '徴税吏員１人が担当する滞納者が300人を超えると、滞納者への接触が遅れて成果が上がらないと言われています。\n本市では、１担当あたり平均650人程度の滞納者を担当しています。',
  content: 'コンビニ納付・キャッシュレス決済を導入し、納付機会及び納付方法の拡充に取り組みます。',
  effect: '納付機会等の拡充により徴収率の向上が期待されます。',
  activities: [
    { name: 'コンビニ納付・キャッシュレス決済の導入', schedule: { '2022': '準備', '2023': '導入', '2024': '運用・効果検証', '2025': '運用・効果検証', '2026': '運用・効果検証' } },
    { name: '組織改革の検討', schedule: { '2022': '検討', '2023': '検討', '2024': '検討' } },
  ],
  indicators: [
    {
      id: 'ind-tax-current',
      name: '現年分収納率の向上',
      unit: '%',
      direction: 'higher',
      itemId: 'item-01',
      targets: { '2022': 98.2, '2023': 98.3, '2024': 98.4, '2025': 98.5, '2026': 98.6 },
      actuals: { '2022': 98.41, '2023': 98.4 },
    },
    {
      id: 'ind-tax-arrears',
      name: '滞納繰越分収納率の向上',
      unit: '%',
      direction: 'higher',
      itemId: 'item-01',
      targets: { '2022': 20.3, '2023': 20.4, '2024': 20.5, '2025': 20.6, '2026': 20.7 },
      actuals: { '2022': 17.25, '2023': 15.3 },
    },
  ],
  sheet: sheet({
    activities: '令和５年度からコンビニ納付・キャッシュレス決済を導入しました。',
    effects: '窓口業務の大幅な軽減が見られました。\n・差押件数　令和５年度　1,354件',
    progress: 'A',
    achievement: 'B',
    reasons: { achievement: '差押処分による実績が想定していたほど伸びませんでした。' },
    measures: { achievement: 'これまで通り、滞納処分業務を継続して実施していきます。' },
    nextYear: { issues: '納税者へより周知徹底を図ることが必要です。', plan: '納税通知書にチラシを同封し、周知徹底を図ります。' },
    implementation: 'partial',
    approvedAt: '2024-08-30T01:00:00Z',
  }),
  ratings: { '2022': { progress: 'A', achievement: 'A' }, '2023': { progress: 'A', achievement: 'B' } },
};

export const furusatoItem: AnnualReportItem = {
  id: 'item-03-1',
  label: '③-1',
  title: 'ふるさと納税の推進',
  path: PATH_FINANCE,
  hierarchy: HIERARCHY_FINANCE,
  departments: ['地域振興課'],
  content: '返礼品の充実と情報発信により寄附額の増加を図ります。',
  activities: [{ name: '返礼品の開拓', schedule: { '2022': '実施', '2023': '実施', '2024': '実施', '2025': '実施', '2026': '実施' } }],
  glossary: [{ term: 'ふるさと納税', description: '応援したい自治体に寄附ができる制度。' }],
  indicators: [
    {
      id: 'ind-furusato-amount',
      name: '寄附額',
      unit: '円',
      direction: 'higher',
      itemId: 'item-03-1',
      targets: {},
      actuals: { '2022': 1037379720, '2023': 846354905 },
    },
    {
      id: 'ind-furusato-cost',
      name: '経費率',
      unit: '%',
      direction: 'lower',
      itemId: 'item-03-1',
      baseline: 62.5,
      targets: { '2022': 60, '2023': 60, '2024': 50, '2025': 50, '2026': 50 },
      actuals: { '2022': 61.76, '2023': 61.33 },
    },
  ],
  sheet: sheet({
    activities: 'ポータルサイトを２サイト追加しました。',
    effects: '寄附件数が増加しました。',
    progress: 'B',
    achievement: 'B',
    reasons: { progress: '返礼品事業者の募集が遅れました。', achievement: '経費率が目標を上回りました。' },
    measures: { progress: '募集時期を前倒しします。', achievement: '送料の見直しを行います。' },
    nextYear: { issues: '経費の削減', plan: '返礼品の送料を見直します。' },
    implementation: 'partial',
  }),
  ratings: { '2022': { progress: 'A', achievement: 'B' }, '2023': { progress: 'B', achievement: 'B' } },
};

export const organizationItem: AnnualReportItem = {
  id: 'item-12',
  label: '⑫',
  title: '合理的な組織機構の構築',
  path: PATH_ORGANIZATION,
  hierarchy: HIERARCHY_ORGANIZATION,
  departments: ['総務課', '企画経営課'],
  situation: '行政需要の変化に対応した組織機構が求められています。',
  activities: [{ name: '組織機構の見直し', schedule: { '2022': '検討', '2023': '見直し', '2024': '実施' } }],
  indicators: [
    {
      id: 'ind-organization',
      name: '組織数',
      unit: '',
      direction: 'lower',
      itemId: 'item-12',
      targetNote: '令和８年度までに組織の統合を進めることを目標とします。',
      targets: {},
      actuals: { '2022': '9部41課85係', '2023': '9部41課86係' },
    },
  ],
  sheet: sheet({
    status: 'returned',
    overdue: true,
    activities: '組織機構の見直し案を作成しました。',
    progress: 'S',
    achievement: '-',
    reasons: { progress: '前倒しで見直し案を作成できたため。' },
    returns: [{ comment: '取組実績に具体的な数値を記載してください。', at: '2024-07-10T02:00:00Z', by: 'secretariat' }],
  }),
  ratings: { '2022': { progress: 'A', achievement: '-' }, '2023': { progress: 'S', achievement: '-' } },
};

export const annualReportFixture: AnnualReport = {
  planId: 'tamana-4',
  municipality: '玉名市',
  title: '第４次玉名市行政改革大綱実行計画',
  period: { from: 2022, to: 2026 },
  levels: ['基本方針', '基本施策', '取組事項'],
  fiscalYear: 2023,
  status: 'published',
  dueDate: '2024-07-31',
  council: {
    meetingName: '令和６年度第２回玉名市行政改革推進審議会',
    meetingDate: '2024-11-20',
    opinions: [{ member: '委員A', text: 'ふるさと納税の経費率の改善を求めます。', at: '2024-11-20T05:00:00Z' }],
    resolution: 'acceptedWithOpinions',
  },
  publication: { revision: 2, publishedAt: '2024-12-10', reason: '数値の誤記を訂正' },
  issued: { at: '2024-12-10', basis: 'publication' },
  indicators: [
    {
      id: 'ind-satisfaction',
      name: '市民満足度',
      unit: '%',
      direction: 'higher',
      group: '健全な行財政運営の推進',
      baseline: 75,
      target: 80,
      targets: { '2026': 80 },
      actuals: { '2022': 71.8, '2023': 73 },
    },
  ],
  items: [taxItem, furusatoItem, organizationItem],
  asOf: '2024-12-10T00:30:00Z',
  position: 412,
};

// ---------------------------------------------------------------------------------------------

const counts = (s: number, a: number, b: number, c: number, none: number): RatingCounts => ({ S: s, A: a, B: b, C: c, '-': none });

export const summaryReportFixture: SummaryReport = {
  planId: 'other-city',
  municipality: '○○市',
  title: '第２次○○市行政改革実施計画',
  from: 2019,
  to: 2024,
  interim: false,
  covers: { from: 2019, to: 2024 },
  pendingYears: [],
  total: { title: '合計', items: 7, done: 4, partial: 2, notDone: 1, pending: 0, percentages: { done: 57.1, partial: 28.6, notDone: 14.3, pending: 0 } },
  groups: [
    { title: '1. 地域マネジメント', items: 4, done: 3, partial: 1, notDone: 0, pending: 0, percentages: { done: 75, partial: 25, notDone: 0, pending: 0 } },
    { title: '2. 財務マネジメント', items: 3, done: 1, partial: 1, notDone: 1, pending: 0, percentages: { done: 33.3, partial: 33.3, notDone: 33.3, pending: 0 } },
  ],
  indicators: [
    {
      id: 'sat',
      name: '市民満足度',
      unit: '%',
      direction: 'higher',
      level: 'plan',
      baseline: 75,
      target: 80,
      targets: {},
      actuals: { '2019': 71.8, '2020': 73, '2021': 76.3 },
      achieved: false,
      judgedYear: '2021',
      yearly: {},
      pending: [],
    },
    {
      id: 'overtime',
      name: '超過勤務時間',
      unit: '時間',
      direction: 'lower',
      level: 'group',
      group: '2. 財務マネジメント',
      baseline: 25000,
      target: 20000,
      targets: {},
      actuals: { '2019': 27000, '2020': 24000, '2021': 19500 },
      achieved: true,
      judgedYear: '2021',
      yearly: {},
      pending: [],
    },
    { id: 'org', name: '組織数', unit: '', direction: 'lower', level: 'item', target: null, targets: {}, actuals: { '2019': '9部41課85係' }, achieved: null, judgedYear: '2019', yearly: {}, pending: [] },
  ],
  items: [
    {
      id: 's1',
      label: '1',
      title: '地域担当職員制度の導入',
      group: '1. 地域マネジメント',
      subgroup: '地域との協働',
      departments: ['地域振興課'],
      status: 'done',
      confirmed: true,
      statusLabel: '実施済',
      results: '全地区に担当職員を配置しました。',
      activities: '地区ごとに担当職員２名を配置',
    },
    {
      id: 's2',
      label: '2',
      title: '自治会活動の支援',
      group: '1. 地域マネジメント',
      subgroup: '地域との協働',
      departments: ['地域振興課', '市民課'],
      status: 'partial',
      confirmed: true,
      statusLabel: '一部実施',
      results: '補助制度を見直しましたが、担い手不足が課題です。',
      activities: '補助要綱の改正',
    },
    {
      id: 's3',
      label: '3',
      title: '公共施設の使用料の見直し',
      group: '2. 財務マネジメント',
      subgroup: '歳入の確保',
      departments: ['財政課'],
      status: 'notDone',
      confirmed: true,
      statusLabel: '未実施又は検討中',
      results: '検討中です。',
      activities: 'フルコスト分析の実施',
    },
  ],
  ratings: {
    '2023': { progress: counts(1, 5, 1, 0, 0), achievement: counts(0, 4, 2, 0, 1), pending: 0 },
    '2024': { progress: counts(2, 4, 1, 0, 0), achievement: counts(1, 3, 2, 1, 0), pending: 0 },
  },
  position: 980,
};

// ---------------------------------------------------------------------------------------------

export const minutesFixture: MinutesSummary = {
  planId: 'tamana-4',
  title: '第４次玉名市行政改革大綱実行計画',
  fiscalYear: 2023,
  counts: { progress: counts(1, 1, 1, 0, 0), achievement: counts(0, 0, 2, 0, 1) },
  lowRated: [
    {
      itemId: 'item-03-1',
      label: '③-1',
      title: 'ふるさと納税の推進',
      departments: ['地域振興課'],
      progress: 'B',
      achievement: 'B',
      reasons: { progress: '返礼品事業者の募集が遅れました。', achievement: '経費率が目標を上回りました。' },
      measures: { progress: '募集時期を前倒しします。', achievement: '送料の見直しを行います。' },
    },
  ],
  missedIndicators: [
    { id: 'ind-furusato-cost', name: '経費率', unit: '%', direction: 'lower', itemId: 'item-03-1', itemLabel: '③-1', target: 60, actual: 61.33 },
    { id: 'ind-tax-amount', name: '滞納額の削減', unit: '円', direction: 'lower', target: 1000000000, actual: 1037379720 },
  ],
  changes: [{ itemId: 'item-03-1', label: '③-1', title: 'ふるさと納税の推進', kind: 'progress', from: 'A', to: 'B' }],
  returns: {
    total: 2,
    sheets: 1,
    comments: [
      { itemId: 'item-12', label: '⑫', comment: '取組実績に具体的な数値を記載してください。', at: '2024-07-10T02:00:00Z' },
      { itemId: 'item-12', label: '⑫', comment: '達成状況の評価を見直してください。', at: '2024-07-20T02:00:00Z' },
    ],
  },
  opinions: [{ member: '委員A', text: 'ふるさと納税の経費率の改善を求めます。', at: '2024-11-20T05:00:00Z' }],
  resolution: 'acceptedWithOpinions',
  position: 412,
};
