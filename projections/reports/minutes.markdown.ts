import { renderMarkdown } from './document';
import { minutesBlocks } from './minutes.content';
import type { MinutesSummary } from './report.types';

/** The minutes-ready summary as plain Markdown (headings, paragraphs, lists, simple tables). */
export function renderMinutesMarkdown(summary: MinutesSummary): string {
  return renderMarkdown(minutesBlocks(summary));
}
