// Node search for the Ctrl+K palette: every word of the query must appear
// in the node's id, name, type, spec title or config.
import type { Spec } from '../api/types';
import { nodeTitle, type WeftNode } from '../stores/doc';

export interface Hit {
  id: string;
  title: string;
  type: string;
}

/** searchNodes returns up to limit nodes matching every word of query, in canvas order. */
export function searchNodes(nodes: WeftNode[], specs: Record<string, Spec>, query: string, limit = 50): Hit[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hits: Hit[] = [];
  for (const n of nodes) {
    const spec = specs[n.data.type];
    const title = nodeTitle(n.data, spec);
    const text = [n.id, title, n.data.type, spec?.title ?? '', JSON.stringify(n.data.config)].join('\n').toLowerCase();
    if (words.every((w) => text.includes(w))) hits.push({ id: n.id, title, type: n.data.type });
    if (hits.length >= limit) break;
  }
  return hits;
}
