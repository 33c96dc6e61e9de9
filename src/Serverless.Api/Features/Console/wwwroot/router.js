// Every view has a URL: the queue's filters and the open draft live in the fragment
// (#item=…&status=…&sort=…&q=…&type=…&locale=…), so a link opens the same view and Back returns to the last one.
import { defaultQuery } from './state.js';

const KEYS = ['status', 'sort', 'q', 'type', 'locale'];

export function readRoute() {
  const params = new URLSearchParams(location.hash.slice(1));
  const query = defaultQuery();
  for (const key of KEYS) if (params.get(key)) query[key] = params.get(key);
  return { item: params.get('item'), query };
}

export function routeHash(itemId, query) {
  const params = new URLSearchParams();
  if (itemId) params.set('item', itemId);
  const defaults = defaultQuery();
  for (const key of KEYS) if (query[key] && query[key] !== defaults[key]) params.set(key, query[key]);
  const text = params.toString();
  return text ? `#${text}` : '';
}

/** Records a view: a new history entry (push) for opening a draft, a replaced one for filter changes. */
export function writeRoute(itemId, query, push) {
  const hash = routeHash(itemId, query);
  if (hash === location.hash) return;
  const url = hash || `${location.pathname}${location.search}`;
  if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
}
