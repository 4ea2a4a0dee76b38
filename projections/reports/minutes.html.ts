import { htmlDocument } from './document';
import { minutesBlocks, minutesTitle } from './minutes.content';
import type { MinutesSummary } from './report.types';

/** Only table borders, so tables keep their lines when pasted into Word; no inline styles, no scripts. */
const MINUTES_CSS = `
table { border-collapse: collapse; }
th, td { border: 1px solid #000; padding: 2px 6px; text-align: left; vertical-align: top; }
`;

/** The minutes-ready summary as plain semantic HTML (h1/h2/h3, p, ul, table) that pastes cleanly into Word. */
export function renderMinutesHtml(summary: MinutesSummary): string {
  return htmlDocument(minutesTitle(summary), minutesBlocks(summary), MINUTES_CSS);
}
