import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../api';
import { errorMessage } from '../messages';

/** A report in a text format (Markdown, HTML) as text; failures as ApiError with the Japanese message. */
export async function fetchText(path: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', errorMessage(0, 'network'), {});
  }
  if (response.ok) return response.text();
  const body = (await response.json().catch(() => ({}))) as { code?: string };
  throw new ApiError(response.status, body.code, errorMessage(response.status, body.code), {});
}

export const useText = (path: string | undefined) => useQuery({ queryKey: ['text', path], queryFn: () => fetchText(path!), enabled: !!path, retry: false });
